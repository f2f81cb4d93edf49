import { createApiRef } from '@backstage/frontend-plugin-api';
import {
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
}

/** @public */
export const infraApiRef = createApiRef<InfraApi>().with({
  id: 'plugin.infra.api',
  pluginId: 'infra',
});
