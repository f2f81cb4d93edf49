import { createApiRef } from '@backstage/frontend-plugin-api';
import { InfraBackendStatus } from '@infra-inventory/plugin-infra-common';

/** What the frontend asks of the infra backend. @public */
export interface InfraApi {
  getStatus(): Promise<InfraBackendStatus>;
}

/** @public */
export const infraApiRef = createApiRef<InfraApi>().with({
  id: 'plugin.infra.api',
  pluginId: 'infra',
});
