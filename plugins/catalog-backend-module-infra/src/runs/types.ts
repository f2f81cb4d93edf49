/** How many entities of one type a run saw and changed. */
export interface TypeCounts {
  total: number;
  added: number;
  updated: number;
  removed: number;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'skipped';
export type RunPhase = 'connect' | 'inventory' | 'alarms' | 'apply' | 'done';

/** One sync run as the status API reports it. */
export interface SyncRun {
  id: number;
  sourceKind: 'vsphere' | 'netbox';
  sourceId: string;
  mode: 'full' | 'delta';
  status: RunStatus;
  phase?: RunPhase;
  startedAt: number;
  finishedAt?: number;
  fetchMs?: number;
  processMs?: number;
  calls?: number;
  pages?: number;
  bytes?: number;
  counts?: Record<string, TypeCounts>;
  progress?: { done: number; total?: number };
  error?: string;
}

/** What a finished run reports. */
export type RunOutcome = Pick<
  SyncRun,
  'fetchMs' | 'processMs' | 'calls' | 'pages' | 'bytes' | 'counts' | 'error'
> & { status: Exclude<RunStatus, 'running'> };
