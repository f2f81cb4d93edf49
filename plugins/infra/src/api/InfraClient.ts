import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  InfraBackendStatus,
  SyncSourceStatus,
  SyncStatusResponse,
} from '@infra-inventory/plugin-infra-common';
import { InfraApi } from './InfraApi';

/** The sync status routes live in the catalog backend's infra module. */
const SYNC_STATUS_PLUGIN = 'catalog';
const SYNC_STATUS_PATH = '/infra/sync-status';

/**
 * Talks to `/api/infra` and to the sync status routes under `/api/catalog`, through the app's
 * discovery and authenticated fetch. @public
 */
export class InfraClient implements InfraApi {
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
