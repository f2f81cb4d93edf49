import { SwitchConnection } from './connection';
import { DeadlineSemaphore } from './semaphore';
import {
  createMemoryHostKeyStore,
  HostKeyMismatch,
  HostKeyStore,
  SwitchSessionError,
  SwitchTarget,
} from './types';

export interface SwitchSessionPoolOptions {
  /** Sessions in use at once over all switches (default 32). */
  maxSessions?: number;
  /** Connections open at once to one switch, idle ones included (default 2). */
  maxSessionsPerSwitch?: number;
  /** Idle connections are closed after this long (default 60 s). */
  idleTimeoutMs?: number;
  /** Upper bound for the SSH handshake (default 10 s; a command's deadline may shorten it). */
  connectTimeoutMs?: number;
  /** Default per-command timeout when the caller gives no deadline (default 30 s). */
  commandTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  /**
   * Where host keys learnt on first use are kept. A target's `hostKeyFingerprint` wins over it.
   * Default: an in-memory store (keys are pinned for the pool's lifetime).
   */
  hostKeys?: HostKeyStore;
  /** Accept and store the key of a switch seen for the first time (default true). */
  trustOnFirstUse?: boolean;
  /** Called when a switch presents a key other than the pinned one (the session is refused). */
  onHostKeyMismatch?: (event: HostKeyMismatch) => void;
  /** Called when a key is stored on first use. */
  onHostKeyLearned?: (event: { switchId: string; fingerprint: string }) => void;
  /** Use a PTY shell even where exec works. */
  forceShell?: boolean;
}

export interface RunOptions {
  /** Epoch ms by which the command must have finished (waiting for a session included). */
  deadline?: number;
}

interface SwitchSlot {
  permits: DeadlineSemaphore;
  idle: SwitchConnection[];
  open: number;
}

/**
 * SSH sessions to switches, kept open between commands: a connection pool keyed by switch, a cap
 * on sessions per switch (what the switch sees, idle connections included) and a global cap on
 * sessions in use.
 */
export class SwitchSessionPool {
  private readonly global: DeadlineSemaphore;
  private readonly perSwitchMax: number;
  private readonly slots = new Map<string, SwitchSlot>();
  private readonly hostKeys: HostKeyStore;
  private closed = false;

  constructor(private readonly options: SwitchSessionPoolOptions = {}) {
    this.global = new DeadlineSemaphore(options.maxSessions ?? 32);
    this.perSwitchMax = options.maxSessionsPerSwitch ?? 2;
    this.hostKeys = options.hostKeys ?? createMemoryHostKeyStore();
  }

  /** Runs one command on a switch; the output is cleaned, without echo and prompt. */
  async run(
    target: SwitchTarget,
    command: string,
    options: RunOptions = {},
  ): Promise<string> {
    if (this.closed) throw new SwitchSessionError('error', 'Pool is closed');
    const deadline =
      options.deadline ??
      Date.now() + (this.options.commandTimeoutMs ?? 30_000);
    const slot = this.slot(target);
    const releaseSwitch = await slot.permits.acquire(
      deadline,
      `a session to ${target.id}`,
    );
    try {
      const releaseGlobal = await this.global.acquire(
        deadline,
        'a free SSH session',
      );
      try {
        const conn =
          this.takeIdle(slot) ?? (await this.connect(target, slot, deadline));
        try {
          const out = await conn.run(command, deadline);
          this.putIdle(slot, conn);
          return out;
        } catch (e) {
          this.drop(slot, conn);
          throw e;
        }
      } finally {
        releaseGlobal();
      }
    } finally {
      releaseSwitch();
    }
  }

  /** Open connections per switch id (idle and in use). */
  openConnections(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [key, slot] of this.slots) out[key] = slot.open;
    return out;
  }

  /** Closes idle connections (all switches, or one switch id); the next command reconnects. */
  closeIdle(switchId?: string): void {
    for (const [key, slot] of this.slots) {
      if (switchId !== undefined && !key.startsWith(`${switchId}\u0000`))
        continue;
      for (const c of slot.idle.splice(0)) {
        c.destroy();
        slot.open--;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const slot of this.slots.values()) {
      for (const c of slot.idle.splice(0)) {
        c.destroy();
        slot.open--;
      }
    }
  }

  private key(target: SwitchTarget): string {
    return `${target.id}\u0000${target.host}\u0000${target.port ?? 22}\u0000${
      target.username
    }`;
  }

  private slot(target: SwitchTarget): SwitchSlot {
    const key = this.key(target);
    let slot = this.slots.get(key);
    if (!slot) {
      slot = {
        permits: new DeadlineSemaphore(this.perSwitchMax),
        idle: [],
        open: 0,
      };
      this.slots.set(key, slot);
    }
    return slot;
  }

  private takeIdle(slot: SwitchSlot): SwitchConnection | undefined {
    while (slot.idle.length > 0) {
      const conn = slot.idle.pop()!;
      if (conn.idleTimer) clearTimeout(conn.idleTimer);
      if (conn.isAlive()) return conn;
      conn.destroy();
      slot.open--;
    }
    return undefined;
  }

  private putIdle(slot: SwitchSlot, conn: SwitchConnection) {
    if (this.closed || !conn.isAlive()) {
      this.drop(slot, conn);
      return;
    }
    conn.idleTimer = setTimeout(() => {
      const i = slot.idle.indexOf(conn);
      if (i >= 0) {
        slot.idle.splice(i, 1);
        conn.destroy();
        slot.open--;
      }
    }, this.options.idleTimeoutMs ?? 60_000);
    conn.idleTimer.unref?.();
    slot.idle.push(conn);
  }

  private drop(slot: SwitchSlot, conn: SwitchConnection) {
    conn.destroy();
    slot.open--;
  }

  private async connect(
    target: SwitchTarget,
    slot: SwitchSlot,
    deadline: number,
  ): Promise<SwitchConnection> {
    const stored = target.hostKeyFingerprint
      ? undefined
      : await this.hostKeys.get(target.id);
    const expected = target.hostKeyFingerprint ?? stored;
    if (!expected && this.options.trustOnFirstUse === false) {
      throw new SwitchSessionError(
        'host_key_mismatch',
        `No pinned host key for ${target.id} and trust on first use is off`,
      );
    }
    slot.open++;
    let conn: SwitchConnection;
    try {
      conn = await SwitchConnection.open(target, {
        deadline,
        connectTimeoutMs: this.options.connectTimeoutMs ?? 10_000,
        keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? 15_000,
        expectedFingerprint: expected,
        forceShell: this.options.forceShell,
      });
    } catch (e) {
      slot.open--;
      if (e instanceof SwitchSessionError && e.status === 'host_key_mismatch') {
        const presented = /got (\S+)$/.exec(e.message)?.[1] ?? '';
        this.options.onHostKeyMismatch?.({
          switchId: target.id,
          host: target.host,
          expected: expected ?? '',
          presented,
        });
      }
      throw e;
    }
    if (!expected) {
      await this.hostKeys.set(target.id, conn.presentedFingerprint);
      this.options.onHostKeyLearned?.({
        switchId: target.id,
        fingerprint: conn.presentedFingerprint,
      });
    }
    return conn;
  }
}
