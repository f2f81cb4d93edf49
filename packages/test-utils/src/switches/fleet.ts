import { createHash } from 'node:crypto';
import { createServer, Server as NetServer, Socket } from 'node:net';
import { Connection, Server, ServerChannel, utils } from 'ssh2';
import { allocateLoopbackAddresses } from '../loopback';
import {
  CaptureKind,
  defaultCapture,
  EmulatedMacEntry,
  EmulatedPlatformId,
  emulatedPlatforms,
  lookupOutput,
  readCapture,
  synthesiseMacTable,
} from './platforms';

/**
 * How an emulated switch misbehaves:
 * - `normal`: answers every command after its latency;
 * - `slow`: answers after `slowMs` (default 10 s), so callers hit their deadlines;
 * - `refuse`: drops every TCP connection before the SSH banner (like sshd over MaxStartups);
 * - `closeMidCommand`: sends part of the first page of a MAC-table/lookup output, then closes;
 * - `wrongHostKey`: presents a different host key than `fingerprint` says;
 * - `wrongCredentials`: rejects every password.
 */
export type EmulatedSwitchMode =
  | 'normal'
  | 'slow'
  | 'refuse'
  | 'closeMidCommand'
  | 'wrongHostKey'
  | 'wrongCredentials';

export interface EmulatedSwitchOptions {
  /** Host name shown in the prompt; also the switch id. */
  name: string;
  platform: EmulatedPlatformId;
  /** MACs to add to the captured MAC table, on given ports. */
  macs?: EmulatedMacEntry[];
  /** Replace the MAC table entirely (`macs` are still added). */
  macTable?: string;
  /** Override captures: capture refs (`shared:...`/`fixture:...`) or literal text (`text:...`). */
  captures?: Partial<Record<CaptureKind, string>>;
  mode?: EmulatedSwitchMode;
  /** Per-command latency (defaults to the fleet's). */
  latencyMs?: number;
  slowMs?: number;
  /** Lines per page before the pager prompt when paging is on; default 24. */
  pageLines?: number;
  /** Accept the paging-off command but keep paging (a device or role that ignores it). */
  ignorePagingOff?: boolean;
  /** Serve exec requests (defaults to what the platform does). */
  exec?: boolean;
}

export interface SwitchSessionStats {
  /** SSH connections accepted (authenticated). */
  connections: number;
  /** Authenticated connections open right now. */
  concurrent: number;
  /** Highest number of concurrent authenticated connections seen. */
  maxConcurrent: number;
  /** Every command received, in order (exec and shell). */
  commands: string[];
  /** TCP connections dropped in `refuse` mode. */
  refused: number;
  authFailures: number;
}

export interface RunningEmulatedSwitch {
  name: string;
  platform: EmulatedPlatformId;
  host: string;
  port: number;
  username: string;
  password: string;
  /** `SHA256:<base64>` of the switch's real host key (what should be pinned). */
  fingerprint: string;
  /** The fingerprint actually presented now (differs in `wrongHostKey` mode). */
  presentedFingerprint(): string;
  stats: SwitchSessionStats;
  /** How many received commands start with `prefix`. */
  commandCount(prefix: string): number;
  resetStats(): void;
  setMode(mode: EmulatedSwitchMode): void;
  setMacs(macs: EmulatedMacEntry[]): void;
}

export interface SwitchFleet {
  switches: RunningEmulatedSwitch[];
  byName(name: string): RunningEmulatedSwitch;
  /** Max concurrent sessions seen on any switch. */
  maxConcurrentSessions(): number;
  resetStats(): void;
  stop(): Promise<void>;
}

export interface StartSwitchFleetOptions {
  switches: EmulatedSwitchOptions[];
  /** Default per-command latency, ms (default 0). */
  latencyMs?: number;
  username?: string;
  password?: string;
}

/** `SHA256:<base64 without padding>` of an SSH public key blob, as OpenSSH prints it. */
export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256')
    .update(blob)
    .digest('base64')
    .replace(/=+$/, '')}`;
}

interface HostKey {
  pem: string;
  fingerprint: string;
}

function makeHostKey(): HostKey {
  // ssh2's key generator now and then emits a key its own parser rejects; draw another one.
  for (let attempt = 0; attempt < 20; attempt++) {
    const pair = utils.generateKeyPairSync('ed25519');
    const priv = utils.parseKey(pair.private);
    const pub = utils.parseKey(pair.public);
    if (priv instanceof Error || pub instanceof Error) continue;
    const key = Array.isArray(priv) ? priv[0] : priv;
    return {
      pem: pair.private,
      fingerprint: sshFingerprint(key.getPublicSSH()),
    };
  }
  throw new Error('Could not generate a usable ed25519 host key');
}

const CTRL_C = '\x03';

/** Starts one SSH server per switch, each on its own loopback address. */
export async function startSwitchFleet(
  options: StartSwitchFleetOptions,
): Promise<SwitchFleet> {
  const username = options.username ?? 'netops';
  const password = options.password ?? 'switch-secret';
  const addresses = await allocateLoopbackAddresses(options.switches.length);
  const servers: NetServer[] = [];
  const rawSockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Connection>();
  let stopping = false;

  const later = (ms: number, fn: () => void) => {
    if (stopping) return;
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopping) fn();
    }, ms);
    timers.add(t);
  };

  const running: RunningEmulatedSwitch[] = [];
  for (const [i, spec] of options.switches.entries()) {
    const platform = emulatedPlatforms[spec.platform];
    if (!platform) throw new Error(`Unknown platform ${spec.platform}`);
    const realKey = makeHostKey();
    const otherKey = makeHostKey();
    let mode: EmulatedSwitchMode = spec.mode ?? 'normal';
    let macs = spec.macs ?? [];
    const latency = spec.latencyMs ?? options.latencyMs ?? 0;
    const pageLines = spec.pageLines ?? 24;
    const execOk = spec.exec ?? platform.exec;
    const prompt = platform.prompt.replace('{host}', spec.name);
    const stats: SwitchSessionStats = {
      connections: 0,
      concurrent: 0,
      maxConcurrent: 0,
      commands: [],
      refused: 0,
      authFailures: 0,
    };

    const capture = (kind: CaptureKind): string => {
      const ref = spec.captures?.[kind];
      if (ref === undefined) return defaultCapture(spec.platform, kind);
      return ref.startsWith('text:') ? ref.slice(5) : readCapture(ref);
    };
    const macTable = () =>
      synthesiseMacTable(
        spec.platform,
        spec.macTable ?? capture('mac'),
        macs.map(m => ({ ...m, mac: m.mac.replace(/[^0-9a-f]/gi, '') })),
      );

    /** Output for a command; undefined for an unknown command. */
    const answer = (
      raw: string,
    ): { text: string; pagingOff?: boolean; isMac?: boolean } | undefined => {
      const cmd = raw
        .trim()
        .replace(/\s+/g, ' ')
        .replace(/ \| no-more$/, '');
      if (platform.pagingOff.includes(cmd))
        return { text: '', pagingOff: true };
      const lookup = platform.lookup.exec(cmd);
      if (lookup) {
        const mac12 = lookup[1].replace(/[^0-9a-f]/gi, '').toLowerCase();
        return {
          text: lookupOutput(spec.platform, macTable(), mac12, macs),
          isMac: true,
        };
      }
      if (cmd === platform.commands.mac)
        return { text: macTable(), isMac: true };
      if (cmd === platform.commands.interfaces)
        return { text: capture('interfaces') };
      if (cmd === platform.commands.lldp) return { text: capture('lldp') };
      return undefined;
    };

    const toWire = (text: string) =>
      text === '' ? '' : `${text.replace(/\r?\n/g, '\r\n')}\r\n`;

    /** An interactive CLI on a PTY channel. */
    const runShell = (stream: ServerChannel, closeConnection: () => void) => {
      let paging = true;
      let input = '';
      let busy = false;
      // Lines still to send for the current command, and whether we wait at a pager prompt.
      let pending: string[] = [];
      let atPager = false;
      const queue: string[] = [];
      // Set below; finish() starts the next queued command.
      const ctl = { next: () => undefined as void };

      const write = (s: string) => {
        if (!stream.destroyed && stream.writable) stream.write(s);
      };
      const finish = () => {
        write(`\r\n${prompt}`);
        busy = false;
        pending = [];
        atPager = false;
        ctl.next();
      };
      // `| no-more` turns the pager off for one command (Junos, OS10).
      let noMore = false;
      const sendPage = () => {
        const page =
          paging && !noMore ? pending.splice(0, pageLines) : pending.splice(0);
        write(page.map(l => `${l}\r\n`).join(''));
        if (pending.length > 0) {
          atPager = true;
          write(platform.pager);
        } else {
          // The prompt follows on the line after the output.
          write('\r');
          finish();
        }
      };
      const run = (cmd: string) => {
        busy = true;
        write(`${cmd}\r\n`); // echo
        if (cmd.trim() === '') {
          finish();
          return;
        }
        stats.commands.push(cmd.trim());
        const out = answer(cmd);
        const delay = mode === 'slow' ? spec.slowMs ?? 10_000 : latency;
        later(delay, () => {
          if (out === undefined) {
            write(`\r\n% Invalid input detected at '^' marker.\r\n`);
            finish();
            return;
          }
          if (out.pagingOff && !spec.ignorePagingOff) paging = false;
          noMore = /\|\s*no-more\s*$/.test(cmd);
          pending = out.text === '' ? [] : out.text.split('\n');
          if (mode === 'closeMidCommand' && out.isMac) {
            write(
              pending
                .slice(0, Math.max(1, Math.floor(pending.length / 2)))
                .map(l => `${l}\r\n`)
                .join(''),
            );
            closeConnection();
            return;
          }
          if (pending.length === 0) finish();
          else sendPage();
        });
      };
      ctl.next = () => {
        if (busy) return;
        const cmd = queue.shift();
        if (cmd !== undefined) run(cmd);
      };

      stream.on('data', (data: Buffer) => {
        for (const ch of data.toString('utf8')) {
          if (atPager) {
            if (ch === ' ') {
              // Erase the pager prompt the way devices do, then send the next page.
              write(`\r${' '.repeat(platform.pager.length)}\r`);
              atPager = false;
              sendPage();
            } else if (ch === 'q' || ch === CTRL_C) {
              write(`\r${' '.repeat(platform.pager.length)}\r`);
              finish();
            } else if (ch === '\r' || ch === '\n') {
              // One more line.
              write(`\r${' '.repeat(platform.pager.length)}\r`);
              const line = pending.shift();
              if (line !== undefined) write(`${line}\r\n`);
              if (pending.length > 0) write(platform.pager);
              else {
                atPager = false;
                finish();
              }
            }
            continue;
          }
          if (ch === '\r' || ch === '\n') {
            if (ch === '\n' && input === '' && queue.length === 0 && !busy) {
              // \r\n from a client: the \r already ended the line.
            }
            queue.push(input);
            input = '';
            ctl.next();
          } else if (ch === CTRL_C) {
            input = '';
          } else {
            input += ch;
          }
        }
      });
      write(`\r\n${prompt}`);
    };

    const connectionHandler = (client: Connection) => {
      sockets.add(client);
      let authed = false;
      client.on('authentication', ctx => {
        if (
          mode !== 'wrongCredentials' &&
          ctx.method === 'password' &&
          ctx.username === username &&
          ctx.password === password
        ) {
          ctx.accept();
        } else {
          if (ctx.method === 'password') stats.authFailures++;
          ctx.reject(['password']);
        }
      });
      client.on('ready', () => {
        authed = true;
        stats.connections++;
        stats.concurrent++;
        stats.maxConcurrent = Math.max(stats.maxConcurrent, stats.concurrent);
        client.on('session', acceptSession => {
          const session = acceptSession();
          session.on('pty', accept => accept?.());
          session.on('window-change', accept => accept?.());
          session.on('exec', (accept, reject, info) => {
            if (!execOk) {
              reject?.();
              return;
            }
            const stream = accept();
            stats.commands.push(info.command);
            const out = answer(info.command);
            const delay = mode === 'slow' ? spec.slowMs ?? 10_000 : latency;
            later(delay, () => {
              if (out === undefined) {
                stream.stderr.write(`% Invalid input: ${info.command}\r\n`);
                stream.exit(1);
                stream.end();
                return;
              }
              const wire = toWire(out.text);
              if (mode === 'closeMidCommand' && out.isMac) {
                stream.write(wire.slice(0, Math.floor(wire.length / 2)));
                client.end();
                return;
              }
              stream.write(wire);
              stream.exit(0);
              stream.end();
            });
          });
          session.on('shell', accept => {
            const stream = accept();
            runShell(stream, () => client.end());
          });
        });
      });
      const done = () => {
        sockets.delete(client);
        if (authed) {
          authed = false;
          stats.concurrent--;
        }
      };
      client.on('close', done);
      client.on('error', () => undefined);
    };
    // Two SSH servers behind one listener: the real host key and a different one.
    const realServer = new Server(
      { hostKeys: [realKey.pem] },
      connectionHandler,
    );
    const otherServer = new Server(
      { hostKeys: [otherKey.pem] },
      connectionHandler,
    );
    const server = createServer(socket => {
      rawSockets.add(socket);
      socket.once('close', () => rawSockets.delete(socket));
      socket.on('error', () => undefined);
      if (mode === 'refuse') {
        stats.refused++;
        socket.destroy();
        return;
      }
      socket.setNoDelay(true);
      (mode === 'wrongHostKey' ? otherServer : realServer).injectSocket(socket);
    });

    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(0, addresses[i], () => resolveListen());
    });
    servers.push(server);
    const port = (server.address() as { port: number }).port;

    running.push({
      name: spec.name,
      platform: spec.platform,
      host: addresses[i],
      port,
      username,
      password,
      fingerprint: realKey.fingerprint,
      presentedFingerprint: () =>
        mode === 'wrongHostKey' ? otherKey.fingerprint : realKey.fingerprint,
      stats,
      commandCount: prefix =>
        stats.commands.filter(c => c.startsWith(prefix)).length,
      resetStats: () => {
        stats.connections = 0;
        stats.maxConcurrent = stats.concurrent;
        stats.commands = [];
        stats.refused = 0;
        stats.authFailures = 0;
      },
      setMode: m => {
        mode = m;
      },
      setMacs: m => {
        macs = m;
      },
    });
  }

  return {
    switches: running,
    byName: name => {
      const s = running.find(r => r.name === name);
      if (!s) throw new Error(`No emulated switch ${name}`);
      return s;
    },
    maxConcurrentSessions: () =>
      Math.max(0, ...running.map(r => r.stats.maxConcurrent)),
    resetStats: () => running.forEach(r => r.resetStats()),
    stop: async () => {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.end();
      for (const s of rawSockets) s.destroy();
      await Promise.all(
        servers.map(s => new Promise<void>(r => s.close(() => r()))),
      );
    },
  };
}

/** Connection settings for every switch of a fleet, pinned to its real host key. */
export function switchFleetTargets(fleet: SwitchFleet): Array<{
  id: string;
  host: string;
  port: number;
  platform: string;
  username: string;
  password: string;
  hostKeyFingerprint: string;
}> {
  return fleet.switches.map(s => ({
    id: s.name,
    host: s.host,
    port: s.port,
    platform: s.platform,
    username: s.username,
    password: s.password,
    hostKeyFingerprint: s.fingerprint,
  }));
}
