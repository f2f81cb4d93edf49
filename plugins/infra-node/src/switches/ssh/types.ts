import { SwitchPlatformId } from '../types';

/** How talking to one switch went. */
export type SwitchStatus =
  | 'ok'
  /** Reached and read, but none of the MACs asked for were in its table. */
  | 'not_found'
  | 'timeout'
  | 'auth_failed'
  /** The TCP connection or the SSH session was refused (also sshd MaxStartups). */
  | 'refused'
  | 'host_key_mismatch'
  /** The connection dropped in the middle of a command. */
  | 'disconnected'
  | 'error';

/** A switch to log in to. Credentials come from configuration, never from a request. */
export interface SwitchTarget {
  /** Stable id (inventory name); also the key for pinned host keys. */
  id: string;
  host: string;
  /** Default 22. */
  port?: number;
  platform: SwitchPlatformId;
  username: string;
  password: string;
  /** Private key (OpenSSH or PEM text) for public key authentication, tried besides the password. */
  privateKey?: string;
  /** Pinned host key, `SHA256:<base64>` as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint?: string;
  /** Ports configured as uplinks: never an edge port. */
  uplinks?: string[];
  site?: string;
  floor?: string;
}

/** Where trust-on-first-use host keys are kept (the backend persists them in its database). */
export interface HostKeyStore {
  get(switchId: string): Promise<string | undefined>;
  set(switchId: string, fingerprint: string): Promise<void>;
}

export interface HostKeyMismatch {
  switchId: string;
  host: string;
  expected: string;
  presented: string;
}

/** A failed command or connection, with what was received before it failed. */
export class SwitchSessionError extends Error {
  readonly status: Exclude<SwitchStatus, 'ok' | 'not_found'>;
  readonly partialOutput: string;

  constructor(
    status: Exclude<SwitchStatus, 'ok' | 'not_found'>,
    message: string,
    partialOutput = '',
  ) {
    super(message);
    this.name = 'SwitchSessionError';
    this.status = status;
    this.partialOutput = partialOutput;
  }
}

export function createMemoryHostKeyStore(
  initial: Record<string, string> = {},
): HostKeyStore & { entries(): Record<string, string> } {
  const keys = new Map(Object.entries(initial));
  return {
    get: async id => keys.get(id),
    set: async (id, fp) => {
      keys.set(id, fp);
    },
    entries: () => Object.fromEntries(keys),
  };
}
