import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  ClusterAlarmsResponse,
  ClusterUsageResponse,
  ClusterResourcesResponse,
  InfraBackendStatus,
  SyncSourceStatus,
  SyncStatusResponse,
} from '@infra-inventory/plugin-infra-common';

/** What the frontend asks of the infra backend and of the catalog's infra module. @public */
export interface InfraApi {
  /** `GET /api/infra/status`: the backend's storage health. */
  getStatus(): Promise<InfraBackendStatus>;
  /** `GET /api/catalog/infra/sync-status`: every configured source and its recent runs. */
  getSyncStatus(): Promise<SyncStatusResponse>;
  /**
   * `POST /api/catalog/infra/sync-status/:kind/:id/run`: starts a sync of one source now (202).
   * Rejects with a `ResponseError`; 403 when the user lacks the `infra.admin` permission.
   */
  triggerSync(kind: SyncSourceStatus['kind'], id: string): Promise<void>;
  /**
   * `GET /api/infra/resources/:vcenter/clusters/:cluster`: the cluster's pools, networks,
   * datastores and templates from the backend's cache, each section with its age and staleness.
   * `vcenter` is the configured vCenter id, `cluster` the cluster's moref (`domain-c7`).
   * Rejects with a `ResponseError`.
   */
  getClusterResources(
    vcenter: string,
    cluster: string,
  ): Promise<ClusterResourcesResponse>;
  /**
   * `GET /api/infra/resources/:vcenter/clusters/:cluster/alarms`: the alarms triggered now on the
   * cluster and on its hosts and VMs, read live (short cache). Rejects with a `ResponseError`.
   */
  getClusterAlarms(
    vcenter: string,
    cluster: string,
  ): Promise<ClusterAlarmsResponse>;
  /**
   * `GET /api/infra/resources/:vcenter/clusters/:cluster/usage`: CPU and memory the cluster's hosts
   * use now against its effective capacity, read live with the alarms. Rejects with a `ResponseError`.
   */
  getClusterUsage(
    vcenter: string,
    cluster: string,
  ): Promise<ClusterUsageResponse>;
}

/** @public */
export const infraApiRef = createApiRef<InfraApi>().with({
  id: 'plugin.infra.api',
  pluginId: 'infra',
});

/** How talking to one switch went during a MAC trace; `pending` until it answered or gave up. @public */
export type MacTraceSwitchStatus =
  | 'pending'
  | 'ok'
  | 'not_found'
  | 'timeout'
  | 'auth_failed'
  | 'refused'
  | 'host_key_mismatch'
  | 'disconnected'
  | 'error';

/** `POST /api/infra/mactrace/jobs` body. @public */
export interface MacTraceRequest {
  /** One or more MAC addresses in any notation, separated by spaces, commas or newlines. */
  macs: string;
  site?: string;
  floor?: string;
  /** Switch ids to limit the trace to. */
  switches?: string[];
}

/** One switch's part of a job. @public */
export interface MacTraceSwitchProgress {
  switchId: string;
  status: MacTraceSwitchStatus;
  message?: string;
  macsFound: number;
  commands: number;
  durationMs?: number;
  /** Output was cut short and what arrived was used. */
  partial: boolean;
}

/** A port where a MAC was seen, with the decision about it. @public */
export interface MacTraceCandidate {
  switchId: string;
  port: string;
  vlan?: number;
  vlanName?: string;
  /** Set when the port is ruled out (lag, trunk, lldp_uplink...). */
  excludedBecause?: string;
  /** Facts behind the decision, most important first. */
  reasons: string[];
  /** Lower is better. */
  rank: number;
  macsOnPort?: number;
  mode?: string;
  description?: string;
  lldpNeighbor?: string;
  lag?: string;
}

/**
 * The result for one MAC. Without `infra.mactrace.uplinks.read` the backend leaves out
 * `excluded` and sends `excludedCount` instead. @public
 */
export interface MacTraceMacResult {
  /** 12 lower-case hex digits. */
  mac: string;
  found: boolean;
  /** The most likely edge port. */
  edge?: MacTraceCandidate;
  /** Kept sightings, best first. */
  candidates: MacTraceCandidate[];
  excluded?: MacTraceCandidate[];
  excludedCount?: number;
  /** Seen, but only on ports that are not edge ports. */
  onlyUplinks: boolean;
  summary: string;
}

/** `GET /api/infra/mactrace/jobs/:id`. @public */
export interface MacTraceJob {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  requestedBy: string;
  macs: string[];
  filter: { site?: string; floor?: string; switches?: string[] };
  totalSwitches: number;
  doneSwitches: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  error?: string;
  switches: MacTraceSwitchProgress[];
  /** Per-MAC results, once done. */
  results?: MacTraceMacResult[];
}

/** One place a MAC was seen by a trace. @public */
export interface MacSighting {
  mac: string;
  switchId: string;
  port: string;
  vlan?: number;
  /** `edge`, or why the port is not an edge port (lag, trunk, lldp_uplink...). */
  portKind: string;
  firstSeen: number;
  lastSeen: number;
}

/** `GET /api/infra/mactrace/sightings?mac=`. @public */
export interface MacSightingsResponse {
  mac: string;
  sightings: MacSighting[];
}

/** `GET /api/infra/mactrace/switches`: sites, floors and switches to trace, no credentials. @public */
export interface MacTraceSwitchesResponse {
  sites: Array<{
    site: string;
    floors: Array<{ floor: string; switches: number }>;
  }>;
  switches: Array<{
    id: string;
    site?: string;
    floor?: string;
    platform: string;
  }>;
}

/**
 * The MAC trace routes of the infra backend. Every call rejects with a `ResponseError`: 403 without
 * the `infra.mactrace.run` permission; a 400 from `startMacTrace` may carry `body.invalid`, a list
 * of `{ input, reason }`.
 *
 * Kept apart from {@link InfraApi} (same client, own ref) so existing `InfraApi` fixtures stay valid.
 *
 * @public
 */
export interface MacTraceApi {
  /** `POST /api/infra/mactrace/jobs` (202): starts a trace in the background. */
  startMacTrace(request: MacTraceRequest): Promise<{ jobId: string }>;
  /** `GET /api/infra/mactrace/jobs/:id`: progress, per-switch status and, once done, results. */
  getMacTraceJob(jobId: string): Promise<MacTraceJob>;
  /** `GET /api/infra/mactrace/sightings?mac=`: where a MAC was seen, last seen first. */
  getMacSightings(mac: string): Promise<MacSightingsResponse>;
  /** `GET /api/infra/mactrace/switches`: sites and floors for the pickers, switch counts. */
  getMacTraceSwitches(): Promise<MacTraceSwitchesResponse>;
}

/** @public */
export const macTraceApiRef = createApiRef<MacTraceApi>().with({
  id: 'plugin.infra.mactrace',
  pluginId: 'infra',
});
