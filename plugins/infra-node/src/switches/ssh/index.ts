export { SwitchSessionPool } from './SwitchSessionPool';
export type { RunOptions, SwitchSessionPoolOptions } from './SwitchSessionPool';
export { sshKeyFingerprint, stripEchoAndPrompt } from './connection';
export { createMemoryHostKeyStore, SwitchSessionError } from './types';
export type {
  HostKeyMismatch,
  HostKeyStore,
  SwitchStatus,
  SwitchTarget,
} from './types';
