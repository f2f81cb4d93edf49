import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  ClusterAlarmsResponse,
  ClusterUsageResponse,
  ClusterResourcesResponse,
  InfraBackendStatus,
  SyncSourceStatus,
  SyncStatusResponse,
} from '@infra-inventory/plugin-infra-common';
import {
  InfraApi,
  MacSightingsResponse,
  MacTraceApi,
  MacTraceJob,
  MacTraceRequest,
  MacTraceSwitchesResponse,
} from './InfraApi';

/** The MAC trace routes live in the infra backend. */
const MACTRACE_PATH = '/mactrace';

/**
 * The MAC trace router answers errors as `{ error, invalid? }` without the `response` part that
 * `ResponseError.fromResponse` looks for; this adds it so the error carries the server's message
 * (and `body.invalid`) rather than the raw text.
 */
async function macTraceError(response: Response): Promise<ResponseError> {
  let text = '';
  try {
    text = await response.text();
    const body = JSON.parse(text);
    if (body && typeof body === 'object' && body.error && !body.response) {
      text = JSON.stringify({
        ...body,
        response: { statusCode: response.status },
      });
    }
  } catch {
    // not JSON: ResponseError makes a message of the text
  }
  return ResponseError.fromResponse({
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers,
    text: async () => text,
  } as unknown as Response);
}

/** The sync status routes live in the catalog backend's infra module. */
const SYNC_STATUS_PLUGIN = 'catalog';
const SYNC_STATUS_PATH = '/infra/sync-status';

/**
 * Talks to `/api/infra` and to the sync status routes under `/api/catalog`, through the app's
 * discovery and authenticated fetch. @public
 */
export class InfraClient implements InfraApi, MacTraceApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getStatus(): Promise<InfraBackendStatus> {
    const base = await this.deps.discoveryApi.getBaseUrl('infra');
    return this.getJson<InfraBackendStatus>(`${base}/status`);
  }

  async getSyncStatus(): Promise<SyncStatusResponse> {
    return this.getJson<SyncStatusResponse>(await this.syncStatusUrl());
  }

  async triggerSync(kind: SyncSourceStatus['kind'], id: string): Promise<void> {
    const url = `${await this.syncStatusUrl()}/${encodeURIComponent(
      kind,
    )}/${encodeURIComponent(id)}/run`;
    const response = await this.deps.fetchApi.fetch(url, { method: 'POST' });
    if (!response.ok) throw await ResponseError.fromResponse(response);
  }

  async getClusterResources(
    vcenter: string,
    cluster: string,
  ): Promise<ClusterResourcesResponse> {
    return this.getJson<ClusterResourcesResponse>(
      await this.clusterUrl(vcenter, cluster),
    );
  }

  async getClusterAlarms(
    vcenter: string,
    cluster: string,
  ): Promise<ClusterAlarmsResponse> {
    return this.getJson<ClusterAlarmsResponse>(
      `${await this.clusterUrl(vcenter, cluster)}/alarms`,
    );
  }

  async getClusterUsage(
    vcenter: string,
    cluster: string,
  ): Promise<ClusterUsageResponse> {
    return this.getJson<ClusterUsageResponse>(
      `${await this.clusterUrl(vcenter, cluster)}/usage`,
    );
  }

  async startMacTrace(request: MacTraceRequest): Promise<{ jobId: string }> {
    const response = await this.deps.fetchApi.fetch(
      `${await this.macTraceUrl()}/jobs`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
    );
    if (!response.ok) throw await macTraceError(response);
    return (await response.json()) as { jobId: string };
  }

  async getMacTraceJob(jobId: string): Promise<MacTraceJob> {
    return this.getMacTraceJson<MacTraceJob>(
      `${await this.macTraceUrl()}/jobs/${encodeURIComponent(jobId)}`,
    );
  }

  async getMacSightings(mac: string): Promise<MacSightingsResponse> {
    return this.getMacTraceJson<MacSightingsResponse>(
      `${await this.macTraceUrl()}/sightings?mac=${encodeURIComponent(mac)}`,
    );
  }

  async getMacTraceSwitches(): Promise<MacTraceSwitchesResponse> {
    return this.getMacTraceJson<MacTraceSwitchesResponse>(
      `${await this.macTraceUrl()}/switches`,
    );
  }

  private async clusterUrl(vcenter: string, cluster: string): Promise<string> {
    const base = await this.deps.discoveryApi.getBaseUrl('infra');
    return `${base}/resources/${encodeURIComponent(
      vcenter,
    )}/clusters/${encodeURIComponent(cluster)}`;
  }

  private async macTraceUrl(): Promise<string> {
    const base = await this.deps.discoveryApi.getBaseUrl('infra');
    return `${base}${MACTRACE_PATH}`;
  }

  private async getMacTraceJson<T>(url: string): Promise<T> {
    const response = await this.deps.fetchApi.fetch(url);
    if (!response.ok) throw await macTraceError(response);
    return (await response.json()) as T;
  }

  private async syncStatusUrl(): Promise<string> {
    const base = await this.deps.discoveryApi.getBaseUrl(SYNC_STATUS_PLUGIN);
    return `${base}${SYNC_STATUS_PATH}`;
  }

  private async getJson<T>(url: string): Promise<T> {
    const response = await this.deps.fetchApi.fetch(url);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
