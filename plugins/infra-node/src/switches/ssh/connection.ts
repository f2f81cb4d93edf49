import { createHash } from 'node:crypto';
import { Client, ClientChannel } from 'ssh2';
import { cleanOutput } from '../cleanOutput';
import { getSwitchDriver } from '../drivers';
import { SwitchDriver } from '../types';
import { SwitchSessionError, SwitchTarget } from './types';

/** `SHA256:<base64 without padding>` of an SSH public key blob, as OpenSSH prints it. */
export function sshKeyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256')
    .update(blob)
    .digest('base64')
    .replace(/=+$/, '')}`;
}

export interface OpenOptions {
  deadline: number;
  connectTimeoutMs: number;
  keepaliveIntervalMs: number;
  /** The fingerprint to require; undefined = accept and report (trust on first use). */
  expectedFingerprint?: string;
  /** Prefer exec even on platforms that support it (tests force the shell). */
  forceShell?: boolean;
}

const PRESS_ANY_KEY = /press any key to continue/i;

/**
 * One SSH connection to a switch: exec channels where the platform serves them, else one PTY shell
 * driven by prompt and pager detection (never by sleeping).
 */
export class SwitchConnection {
  alive = true;
  idleTimer?: NodeJS.Timeout;
  lastUsed = Date.now();
  private shell?: ClientChannel;
  private shellData?: (chunk: string) => void;
  private shellClosed?: () => void;

  private constructor(
    readonly target: SwitchTarget,
    readonly driver: SwitchDriver,
    private readonly client: Client,
    readonly presentedFingerprint: string,
    private readonly useExec: boolean,
  ) {
    client.on('close', () => this.markDead());
    client.on('end', () => this.markDead());
    client.on('error', () => this.markDead());
  }

  static async open(
    target: SwitchTarget,
    options: OpenOptions,
  ): Promise<SwitchConnection> {
    const driver = getSwitchDriver(target.platform);
    const client = new Client();
    let presented = '';
    let mismatch = false;
    const remaining = options.deadline - Date.now();
    if (remaining <= 0) {
      throw new SwitchSessionError(
        'timeout',
        'Deadline passed before connecting',
      );
    }
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (err: SwitchSessionError) => {
        if (settled) return;
        settled = true;
        client.end();
        client.destroy?.();
        reject(err);
      };
      client.once('ready', () => {
        if (settled) return;
        settled = true;
        resolve();
      });
      client.on('error', (err: Error & { level?: string; code?: string }) => {
        if (mismatch) {
          fail(
            new SwitchSessionError(
              'host_key_mismatch',
              `Host key of ${target.id} changed: expected ${options.expectedFingerprint}, got ${presented}`,
            ),
          );
        } else if (err.level === 'client-authentication') {
          fail(
            new SwitchSessionError(
              'auth_failed',
              `Authentication to ${target.id} failed`,
            ),
          );
        } else if (/timed out/i.test(err.message)) {
          fail(
            new SwitchSessionError(
              'timeout',
              `Connecting to ${target.id} timed out`,
            ),
          );
        } else if (
          err.code === 'ECONNREFUSED' ||
          err.code === 'ECONNRESET' ||
          /before handshake|connection lost|closed/i.test(err.message)
        ) {
          fail(
            new SwitchSessionError(
              'refused',
              `${target.id} refused the session: ${err.message}`,
            ),
          );
        } else {
          fail(
            new SwitchSessionError(
              'error',
              `SSH to ${target.id} failed: ${err.message}`,
            ),
          );
        }
      });
      client.once('close', () =>
        fail(
          mismatch
            ? new SwitchSessionError(
                'host_key_mismatch',
                `Host key of ${target.id} changed: expected ${options.expectedFingerprint}, got ${presented}`,
              )
            : new SwitchSessionError(
                'refused',
                `${target.id} closed the connection before the session started`,
              ),
        ),
      );
      client.connect({
        host: target.host,
        port: target.port ?? 22,
        username: target.username,
        password: target.password,
        ...(target.privateKey ? { privateKey: target.privateKey } : {}),
        tryKeyboard: false,
        readyTimeout: Math.max(
          1,
          Math.min(options.connectTimeoutMs, remaining),
        ),
        keepaliveInterval: options.keepaliveIntervalMs,
        keepaliveCountMax: 2,
        hostVerifier: (key: Buffer) => {
          presented = sshKeyFingerprint(key);
          if (
            options.expectedFingerprint &&
            options.expectedFingerprint !== presented
          ) {
            mismatch = true;
            return false;
          }
          return true;
        },
      });
      client.setNoDelay(true);
    });

    const useExec = driver.execSupported && !options.forceShell;
    const conn = new SwitchConnection(
      target,
      driver,
      client,
      presented,
      useExec,
    );
    if (!useExec) {
      try {
        await conn.startShell(options.deadline);
      } catch (e) {
        conn.destroy();
        throw e;
      }
    }
    return conn;
  }

  private markDead() {
    this.alive = false;
    this.shellClosed?.();
  }

  destroy(): void {
    this.alive = false;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.client.end();
    this.client.destroy?.();
  }

  /** Liveness: the transport and (for shells) the channel are still open. */
  isAlive(): boolean {
    if (!this.alive) return false;
    if (this.shell && (this.shell.destroyed || !this.shell.writable))
      return false;
    return true;
  }

  private async startShell(deadline: number): Promise<void> {
    const shell = await new Promise<ClientChannel>((resolve, reject) => {
      this.client.shell(
        { term: 'vt100', cols: 511, rows: 24 },
        (err, channel) => (err ? reject(err) : resolve(channel)),
      );
    }).catch(err => {
      throw new SwitchSessionError(
        'error',
        `${this.target.id} refused a shell: ${err.message}`,
      );
    });
    this.shell = shell;
    shell.on('data', (d: Buffer) => this.shellData?.(d.toString('utf8')));
    shell.stderr.on('data', (d: Buffer) =>
      this.shellData?.(d.toString('utf8')),
    );
    shell.on('close', () => this.markDead());
    // Wait for the first prompt, then turn paging off.
    await this.converse(undefined, deadline);
    if (this.driver.pagingOff)
      await this.converse(this.driver.pagingOff, deadline);
  }

  /** Runs one command and returns its cleaned output (without echo and prompt). */
  async run(command: string, deadline: number): Promise<string> {
    this.lastUsed = Date.now();
    if (!this.isAlive()) {
      throw new SwitchSessionError('disconnected', 'Connection is closed');
    }
    const raw = this.useExec
      ? await this.exec(command, deadline)
      : await this.converse(command, deadline);
    return this.useExec
      ? cleanOutput(raw)
      : stripEchoAndPrompt(raw, command, this.driver);
  }

  private exec(command: string, deadline: number): Promise<string> {
    return new Promise((resolve, reject) => {
      let out = '';
      let err = '';
      let done = false;
      const timer: { id?: NodeJS.Timeout } = {};
      const finish = (e?: SwitchSessionError, code?: number | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer.id);
        if (e) {
          this.destroy();
          reject(e);
        } else if (
          code !== 0 &&
          code !== undefined &&
          code !== null &&
          out.trim() === ''
        ) {
          reject(
            new SwitchSessionError(
              'error',
              `${this.target.id}: "${command}" failed: ${
                err.trim() || `exit ${code}`
              }`,
            ),
          );
        } else resolve(out);
      };
      timer.id = setTimeout(() => {
        finish(
          new SwitchSessionError(
            'timeout',
            `${this.target.id}: "${command}" did not finish before the deadline`,
            cleanOutput(out),
          ),
        );
      }, Math.max(0, deadline - Date.now()));
      this.client.exec(command, (e, stream) => {
        if (e) {
          finish(
            new SwitchSessionError(
              this.alive ? 'error' : 'disconnected',
              `${this.target.id}: exec failed: ${e.message}`,
            ),
          );
          return;
        }
        let code: number | null | undefined;
        stream.on('exit', (c: number | null) => {
          code = c;
        });
        stream.on('data', (d: Buffer) => {
          out += d.toString('utf8');
        });
        stream.stderr.on('data', (d: Buffer) => {
          err += d.toString('utf8');
        });
        stream.on('close', () => {
          if (code !== undefined) {
            finish(undefined, code);
            return;
          }
          // No exit status: either a device that never sends one, or the transport went down
          // under the channel. The transport's own close event is queued behind this one.
          setImmediate(() => {
            const sock = (
              this.client as unknown as {
                _sock?: { destroyed?: boolean; readable?: boolean };
              }
            )._sock;
            if (!this.alive || sock?.destroyed || sock?.readable === false) {
              finish(
                new SwitchSessionError(
                  'disconnected',
                  `${this.target.id} closed the connection during "${command}"`,
                  cleanOutput(out),
                ),
              );
            } else finish(undefined, code);
          });
        });
      });
    });
  }

  /**
   * Sends a command (or nothing, to read the banner) on the shell and collects text until the
   * prompt, answering pager prompts and "press any key" on the way.
   */
  private converse(
    command: string | undefined,
    deadline: number,
  ): Promise<string> {
    const shell = this.shell!;
    return new Promise((resolve, reject) => {
      let buffer = '';
      let answeredUpTo = 0;
      let done = false;
      const timer: { id?: NodeJS.Timeout } = {};
      const finish = (e?: SwitchSessionError) => {
        if (done) return;
        done = true;
        clearTimeout(timer.id);
        this.shellData = undefined;
        this.shellClosed = undefined;
        if (e) {
          this.destroy();
          reject(e);
        } else resolve(buffer);
      };
      timer.id = setTimeout(
        () =>
          finish(
            new SwitchSessionError(
              'timeout',
              `${this.target.id}: ${
                command ? `"${command}"` : 'the prompt'
              } did not finish before the deadline`,
              cleanOutput(buffer),
            ),
          ),
        Math.max(0, deadline - Date.now()),
      );
      this.shellClosed = () =>
        finish(
          new SwitchSessionError(
            'disconnected',
            `${this.target.id} closed the connection during ${
              command ? `"${command}"` : 'login'
            }`,
            cleanOutput(buffer),
          ),
        );
      this.shellData = chunk => {
        buffer += chunk;
        const lastNl = buffer.lastIndexOf('\n');
        const lastLine = buffer.slice(Math.max(lastNl + 1, answeredUpTo));
        if (lastLine !== '') {
          if (this.driver.pagerPatterns.some(p => p.test(lastLine))) {
            answeredUpTo = buffer.length;
            shell.write(' ');
            return;
          }
          if (PRESS_ANY_KEY.test(lastLine)) {
            answeredUpTo = buffer.length;
            shell.write(' ');
            return;
          }
        }
        const tail = buffer.slice(-400).replace(/\r/g, '');
        if (this.driver.promptPattern.test(tail)) finish();
      };
      if (command !== undefined) shell.write(`${command}\n`);
    });
  }
}

/** Cleans shell output and drops the echoed command and the closing prompt. */
export function stripEchoAndPrompt(
  raw: string,
  command: string,
  driver: SwitchDriver,
): string {
  const lines = cleanOutput(raw).split('\n');
  if (lines.length > 0 && lines[0].trim().endsWith(command.trim()))
    lines.shift();
  while (lines.length > 0) {
    const last = lines[lines.length - 1];
    if (last.trim() === '' || driver.promptPattern.test(`\n${last.trim()}`)) {
      lines.pop();
    } else break;
  }
  return lines.join('\n');
}
