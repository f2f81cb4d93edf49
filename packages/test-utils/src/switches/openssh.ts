import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { allocateLoopbackAddress } from '../loopback';
import { Requirement } from '../requirements';

/**
 * A real OpenSSH `sshd` pretending to be a switch: its own config, host key and authorized client
 * key in a temporary folder, listening on an unprivileged port of a loopback address, with a
 * ForceCommand script that answers a few CLI commands (exec and PTY shell alike). For interop
 * tests of the SSH engine against a server that is not our own ssh2 emulator.
 */

const SSHD_CANDIDATES = ['/usr/sbin/sshd', '/usr/local/sbin/sshd'];
const KEYGEN_CANDIDATES = ['/usr/bin/ssh-keygen', '/usr/local/bin/ssh-keygen'];

function findBinary(candidates: string[]): string | undefined {
  return candidates.find(p => existsSync(p));
}

/** OpenSSH's `sshd` and `ssh-keygen` are installed (sshd must not be running: we start our own). */
export const opensshRequirement: Requirement = {
  name: 'OpenSSH server (sshd, ssh-keygen)',
  check: () => {
    const missing = [
      findBinary(SSHD_CANDIDATES) ? undefined : 'sshd',
      findBinary(KEYGEN_CANDIDATES) ? undefined : 'ssh-keygen',
    ].filter(Boolean);
    return missing.length === 0
      ? undefined
      : `${missing.join(' and ')} not found in ${[
          ...SSHD_CANDIDATES,
          ...KEYGEN_CANDIDATES,
        ].join(', ')}`;
  },
  hint: 'apt-get install openssh-server (scripts/bootstrap.sh does)',
};

export interface StartOpenSshSwitchOptions {
  /** Loopback address to listen on (default: a fresh one from allocateLoopbackAddress). */
  address?: string;
  /** Port (default 2222, an unprivileged one). */
  port?: number;
  /** Path of the text `show mac address-table ...` prints (a real capture). */
  capture: string;
  /** Prompt host name (default `sw-ossh`, so the prompt is `sw-ossh#`). */
  hostname?: string;
  /** sshd's MaxStartups (default `100:30:200`; sshd's own default drops parallel connects). */
  maxStartups?: string;
  timeoutMs?: number;
}

export interface RunningOpenSshSwitch {
  host: string;
  port: number;
  /** The user sshd runs as (only that user can log in to an unprivileged sshd). */
  username: string;
  /** Client private key (OpenSSH format) authorized for `username`. */
  privateKey: string;
  /** `SHA256:<base64>` of the host key, as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** The prompt the shell prints (`sw-ossh#`). */
  prompt: string;
  /** Kills sshd (and its sessions) and removes the temporary folder. */
  stop(): Promise<void>;
}

function switchScript(hostname: string, capture: string): string {
  return `#!/bin/sh
# Canned switch CLI for an OpenSSH ForceCommand: exec (SSH_ORIGINAL_COMMAND) or interactive shell.
CAPTURE='${capture}'
reply() {
  case "$1" in
    "terminal length 0") ;;
    "show mac address-table"|"show mac address-table "*) cat "$CAPTURE" ;;
    "show version") echo "Cisco IOS Software, OpenSSH interop emulator" ;;
    "") ;;
    *) echo "% Invalid input detected at '^' marker."; return 1 ;;
  esac
  return 0
}
if [ -n "$SSH_ORIGINAL_COMMAND" ]; then
  reply "$SSH_ORIGINAL_COMMAND"
  exit $?
fi
printf '\\r\\n${hostname}#'
while IFS= read -r line; do
  line=$(printf '%s' "$line" | tr -d '\\r')
  case "$line" in
    exit|quit|logout) exit 0 ;;
  esac
  reply "$line"
  printf '${hostname}#'
done
exit 0
`;
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts a private sshd as a child process; stop() it in afterAll. */
export async function startOpenSshSwitch(
  options: StartOpenSshSwitchOptions,
): Promise<RunningOpenSshSwitch> {
  const sshd = findBinary(SSHD_CANDIDATES);
  const keygen = findBinary(KEYGEN_CANDIDATES);
  if (!sshd || !keygen) {
    throw new Error(`OpenSSH missing: ${opensshRequirement.check()}`);
  }
  const port = options.port ?? 2222;
  const host = options.address ?? (await allocateLoopbackAddress(port));
  const hostname = options.hostname ?? 'sw-ossh';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'openssh-switch-'));
  const username = userInfo().username;

  // sshd insists on its privilege separation directory; as non-root this may fail and sshd says so.
  try {
    mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  } catch {
    // reported by sshd itself below
  }

  const keygenQuiet = (args: string[]) =>
    execFileSync(keygen, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const hostKey = join(dir, 'hostkey');
  const clientKey = join(dir, 'clientkey');
  keygenQuiet(['-q', '-t', 'ed25519', '-f', hostKey, '-N', '', '-C', 'host']);
  keygenQuiet(['-q', '-t', 'ed25519', '-f', clientKey, '-N', '', '-C', 'c']);
  const hostKeyFingerprint = /(SHA256:\S+)/.exec(
    keygenQuiet(['-l', '-E', 'sha256', '-f', `${hostKey}.pub`]).toString(),
  )?.[1];
  if (!hostKeyFingerprint) throw new Error('ssh-keygen -lf printed no SHA256');
  writeFileSync(
    join(dir, 'authorized_keys'),
    readFileSync(`${clientKey}.pub`, 'utf8'),
    { mode: 0o600 },
  );
  const capture = join(dir, 'capture.txt');
  copyFileSync(options.capture, capture);
  const script = join(dir, 'switch.sh');
  writeFileSync(script, switchScript(hostname, capture));
  chmodSync(script, 0o755);
  const pidFile = join(dir, 'sshd.pid');
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `ListenAddress ${host}:${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${pidFile}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      `AllowUsers ${username}`,
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'UsePAM no',
      'StrictModes no',
      'UseDNS no',
      'PrintMotd no',
      'PrintLastLog no',
      'X11Forwarding no',
      'AllowTcpForwarding no',
      'AllowAgentForwarding no',
      'PermitUserEnvironment no',
      `ForceCommand ${script}`,
      `MaxStartups ${options.maxStartups ?? '100:30:200'}`,
      'MaxSessions 20',
      'LoginGraceTime 30',
      'LogLevel ERROR',
      '',
    ].join('\n'),
  );

  let output = '';
  const child: ChildProcess = spawn(sshd, ['-D', '-e', '-f', config], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  };
  process.once('exit', kill);

  const stop = async () => {
    process.removeListener('exit', kill);
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>(resolve => {
        child.once('exit', () => resolve());
        // SIGTERM: sshd exits and its session children lose their connections.
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `sshd exited with ${
          child.exitCode ?? child.signalCode
        }:\n${output.slice(-2000)}`,
      );
    }
    if (await accepts(host, port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `sshd did not listen on ${host}:${port} within ${timeoutMs} ms:\n${output.slice(
          -2000,
        )}`,
      );
    }
    await new Promise(r => setTimeout(r, 50));
  }

  return {
    host,
    port,
    username,
    privateKey: readFileSync(clientKey, 'utf8'),
    hostKeyFingerprint,
    prompt: `${hostname}#`,
    stop,
  };
}
