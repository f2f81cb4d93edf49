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
    /** MAC trace: which switches to ask, and how hard. */
    mactrace?: {
      /** Credentials used for switches that do not set their own. */
      defaults?: {
        username?: string;
        /** @visibility secret */
        password?: string;
      };
      switches?: Array<{
        /** Stable name; also the key of its pinned host key. */
        name: string;
        host: string;
        /** Default 22. */
        port?: number;
        /** dell_os10, dell_os9, dell_nseries, dell_powerconnect, cisco_ios, cisco_nxos, arista_eos, juniper_junos, hp_procurve, aruba_aoscx. */
        platform: string;
        username?: string;
        /** @visibility secret */
        password?: string;
        /** Pinned host key, `SHA256:...` as `ssh-keygen -lf` prints it; trust on first use when absent. */
        hostKey?: string;
        /** Ports that are uplinks whatever LLDP says. */
        uplinks?: string[];
        site?: string;
        floor?: string;
      }>;
      /** SSH sessions at once over all switches. Default 100. */
      maxSessions?: number;
      /** SSH sessions per switch at once (these switches allow ~10, shared with humans). Default 2. */
      maxSessionsPerSwitch?: number;
      /** Default 20000. */
      commandTimeoutMs?: number;
      /** A trace returns what it has after this long. Default 60000. */
      traceTimeoutMs?: number;
      /** How long LLDP neighbours, port modes and descriptions are reused. Default 900000. */
      portInfoTtlMs?: number;
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
      /** Cache freshness per kind, seconds. Defaults: 300 (templates 900, alarms 30). */
      ttlSeconds?: {
        datacenters?: number;
        clusters?: number;
        pools?: number;
        networks?: number;
        datastores?: number;
        templates?: number;
        /**
         * Triggered alarms of a cluster (`GET .../clusters/:cluster/alarms`). Default 30. An
         * expired entry is answered, marked stale, for at most one more TTL while it is re-read.
         */
        alarms?: number;
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
