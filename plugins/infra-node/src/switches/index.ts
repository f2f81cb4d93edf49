export * from './types';
export { cleanOutput, PAGER_PROMPTS } from './cleanOutput';
export { isLag, isPseudoPort, lagOf } from './ports';
export {
  getSwitchDriver,
  isSwitchPlatformId,
  switchDrivers,
  switchPlatformIds,
} from './drivers';
export * from './ssh';
export * from './trace';
