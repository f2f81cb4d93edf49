/** Wire types of the status API (`GET /api/infra/status`). */

/** What the infra backend reports about itself and its storage. @public */
export interface InfraBackendStatus {
  plugin: 'infra';
  database: { client: string; ok: boolean };
  cache: { redis: 'disabled' | 'connected' | 'unavailable' };
}
