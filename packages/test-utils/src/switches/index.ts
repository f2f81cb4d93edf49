export { startSwitchFleet, sshFingerprint, switchFleetTargets } from './fleet';
export type {
  EmulatedSwitchMode,
  EmulatedSwitchOptions,
  RunningEmulatedSwitch,
  StartSwitchFleetOptions,
  SwitchFleet,
  SwitchSessionStats,
} from './fleet';
export {
  defaultCapture,
  emulatedPlatformIds,
  emulatedPlatforms,
  formatMacFor,
  readCapture,
  synthesiseMacTable,
} from './platforms';
export type {
  CaptureKind,
  EmulatedMacEntry,
  EmulatedPlatformId,
} from './platforms';
export { opensshRequirement, startOpenSshSwitch } from './openssh';
