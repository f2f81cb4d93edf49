import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { InfraBackendStatus } from '@infra-inventory/plugin-infra-common';
import { InfraApi } from './InfraApi';

/** Talks to `/api/infra` through the app's discovery and authenticated fetch. @public */
export class InfraClient implements InfraApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async getStatus(): Promise<InfraBackendStatus> {
    return this.get<InfraBackendStatus>('/status');
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.deps.discoveryApi.getBaseUrl('infra');
    const response = await this.deps.fetchApi.fetch(`${base}${path}`);
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
