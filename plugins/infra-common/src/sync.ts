/** Wire types of the sync status API (`/api/catalog/infra/sync-status`). */

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

/** How a source's provider is running right now. */
export type SyncMode = 'idle' | 'full' | 'live' | 'backing-off';

/** One configured source (a vCenter or a NetBox instance) and its recent runs. @public */
export interface SyncSourceStatus {
  kind: SyncRun['sourceKind'];
  id: string;
  /** The source's address without credentials. */
  url: string;
  mode: SyncMode;
  /** When live updates last arrived (epoch ms). */
  lastUpdateAt?: number;
  /** Live updates applied since the backend started. */
  updatesApplied?: number;
  lastError?: string;
  /** Newest first. */
  runs: SyncRun[];
}

/** `GET /api/catalog/infra/sync-status`. @public */
export interface SyncStatusResponse {
  sources: SyncSourceStatus[];
}
