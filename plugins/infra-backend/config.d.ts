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
  };
}
