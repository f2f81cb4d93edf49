export interface Config {
  /** Infra Inventory backend settings. */
  infra?: {
    cache?: {
      /**
       * Redis for the shared cache layer, locks and cross-replica invalidation. Without it the
       * cache uses memory and the database only.
       */
      redis?: {
        /**
         * Connection URL, for example `redis://:password@redis.internal:6379/0`.
         * @visibility secret
         */
        connection: string;
      };
    };
    /** The cluster resources API (`/api/infra/resources`). vCenters come from `catalog.providers.vsphere`. */
    resources?: {
      /** Cache freshness per kind, seconds. Defaults: 300 (templates 900). */
      ttlSeconds?: {
        datacenters?: number;
        clusters?: number;
        pools?: number;
        networks?: number;
        datastores?: number;
        templates?: number;
      };
      templates?: {
        /** How long a request waits for templates before answering without them. Default 10000. */
        timeoutMs?: number;
        /** At most this many templates per cluster, the first by name. Default 200. */
        limit?: number;
      };
    };
  };
}
