export { createMacTraceRouter, MACTRACE_ROUTES } from './createMacTraceRouter';
export type {
  MacTraceRouter,
  MacTraceRouterOptions,
  MacTraceSwitchSource,
} from './createMacTraceRouter';
export { MacTraceStore } from './MacTraceStore';
export type {
  MacSighting,
  MacTraceAuditEntry,
  MacTraceJob,
  MacTraceJobFilter,
  MacTraceJobState,
  MacTraceSwitchProgress,
} from './MacTraceStore';
export { readMacTraceConfig } from './config';
export type { MacTraceConfig } from './config';
