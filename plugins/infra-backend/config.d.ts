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
    /** Segments API (NetBox VLAN + prefix pairs). Uses `catalog.providers.netbox` unless `netbox` is set. */
    segments?: {
      /** Tenant (name or slug) set on created VLANs and prefixes. */
      tenant?: string;
      /** IPAM role (name or slug) set on created VLANs and prefixes. */
      role?: string;
      /** VLAN group name; default `{vrf}-ClickCluster-{siteGroup}` (must contain {siteGroup}). */
      vlanGroupTemplate?: string;
      /** Regular expression EPG names must match; default `^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$`. */
      epgNamePattern?: string;
      /** Reference data TTL in seconds, default 600. */
      referenceTtlSeconds?: number;
      /** Prefix index TTL in seconds, default 60. */
      indexTtlSeconds?: number;
      /** How long request ids are remembered, in seconds, default 86400. */
      idempotencyTtlSeconds?: number;
      dhcp?: {
        /** Default customField (a boolean custom field on ipam.prefix must exist). */
        storage?: 'customField' | 'descriptionTag';
        /** Default `dhcp`. */
        customField?: string;
        /** Default `[dhcp]`. */
        descriptionTag?: string;
      };
      /** Which catalog.providers.netbox instance to write to when there are several. */
      netboxInstance?: string;
      /** A NetBox of its own instead of the catalog's. */
      netbox?: {
        url: string;
        /** @visibility secret */
        token: string;
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
