export { createMacTraceEngine, traceMacs } from './traceMacs';
export type {
  CommandRunner,
  MacTraceEngine,
  MacTraceResult,
  SwitchTraceResult,
  TraceDeadlines,
  TraceMacsRequest,
  TraceProgress,
  TraceResult,
} from './traceMacs';
export { createSwitchInfoCache } from './cache';
export type { MemorySwitchInfoCacheOptions, SwitchInfoCache } from './cache';
export {
  countMacsPerPort,
  decideEdgePorts,
  DEFAULT_UPLINK_WORDS,
  isInfrastructureNeighbor,
  uplinkDescriptionPattern,
} from './edgePorts';
export type {
  EdgeCandidate,
  EdgeExclusion,
  EdgePolicy,
  SwitchFacts,
} from './edgePorts';
export { portKey } from './portKey';
