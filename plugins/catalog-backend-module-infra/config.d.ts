import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/** One vCenter to read into the catalog. */
interface VsphereProviderConfig {
  /** vCenter address, `https://vcenter.example.com` (the `/sdk` path is added when missing). */
  url: string;
  /** User for the SOAP API; read-only rights on the inventory are enough. */
  username: string;
  /**
   * Password of that user.
   * @visibility secret
   */
  password: string;
  /** TLS settings for this vCenter only; the process-wide settings are never changed. */
  tls?: {
    /** PEM bundle of the CAs that sign the vCenter's certificate. */
    ca?: string;
    /** Accept any certificate. Logged as a warning at every start. Default false. */
    skipTlsVerify?: boolean;
  };
  /** When to run a full read. Default: every 30 minutes, timeout 10 minutes. */
  schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
  /** `spec.owner` of the entities. Default `group:default/infrastructure`. */
  owner?: string;
  /** `spec.system` of the entities. Default: none. */
  system?: string;
  /** Objects per RetrievePropertiesEx page. Default 1000. */
  maxObjectsPerPage?: number;
  /** Per-request timeout in milliseconds. Default 120000. */
  requestTimeoutMs?: number;
  /**
   * A read that would remove more than this share of the entities applies nothing. Default 0.2.
   */
  maxRemovalShare?: number;
  /**
   * Live updates: after the first full read a WaitForUpdatesEx loop turns vCenter's changes into
   * catalog deltas within seconds. One replica runs it per vCenter, through a database lease.
   */
  live?: {
    /** Default true. */
    enabled?: boolean;
    /** Seconds each WaitForUpdatesEx waits for changes. Default 30. */
    maxWaitSeconds?: number;
    /** Object updates per WaitForUpdatesEx before vCenter truncates. Default 500. */
    maxObjectUpdates?: number;
    /** Updates arriving within this window become one catalog delta. Default 250. */
    batchWindowMs?: number;
    /**
     * Most entities (changed plus removed) in one catalog delta mutation; a larger batch is
     * applied as several mutations in order (a 1,000-VM burst: 10 mutations, readable in the
     * catalog as fast as one big mutation; under load its first VMs show sooner). Default 100.
     */
    maxEntitiesPerDelta?: number;
    /** First pause after a failure, doubling with jitter. Default 1000. */
    initialBackoffMs?: number;
    /** Longest pause between recovery attempts. Default 300000. */
    maxBackoffMs?: number;
    /** A lease not renewed for this long is taken over by another replica. Default 45000. */
    leaseTtlMs?: number;
    /** How often the holder renews its lease. Default 15000. */
    leaseRenewMs?: number;
  };
  /** Link this vCenter's entities to a NetBox instance; an in-memory join, no per-object calls. */
  netbox?: {
    /** Id of a NetBox under catalog.providers.netbox. */
    instance: string;
    /** VLAN group (slug or name) VLAN ids are looked up in; tried before siteGroup. */
    vlanGroup?: string;
    /** Site group (slug or name) VLAN ids are looked up in. */
    siteGroup?: string;
    /** Per datacenter name: overrides the vCenter scope for its networks. */
    datacenters?: {
      [name: string]: { vlanGroup?: string; siteGroup?: string };
    };
    /** Per vSphere cluster name: VLAN scope for networks its VMs use; NetBox cluster for VM matching. */
    clusters?: {
      [name: string]: {
        vlanGroup?: string;
        siteGroup?: string;
        netboxCluster?: string;
      };
    };
    /** Hosts to NetBox devices by serial (reads dcim/devices once per full read). Default true. */
    devices?: boolean;
    /** VMs to NetBox VMs by name+cluster or primary IP. Default false. */
    vms?: boolean;
  };
  /**
   * vSphere tags on the entities (`metadata.tags` as `category:tag`, and `spec.vsphere.tags`),
   * read from the vAPI REST endpoint with the same credentials after each full read: one bulk
   * association query per 2,000 objects plus one call per distinct tag and category. A failed tag
   * read keeps the tags of the last good one and never fails the sync. Tag changes are not in
   * the live updates; the next full read applies them.
   */
  tags?: {
    /** Default true. */
    enabled?: boolean;
    /** Only tags of these categories (names, any case). Default: all. */
    categories?: string[];
  };
  /** Which objects become entities. */
  entities?: {
    /** Emit VMs. Default true. */
    vms?: boolean;
    /** Emit VM templates. Default true. */
    templates?: boolean;
    /** Emit standard networks, DV switches and DV portgroups. Default true. */
    networks?: boolean;
    /** Regular expressions; when set, only objects whose name matches one are emitted. */
    include?: string[];
    /** Regular expressions; objects whose name matches one are not emitted. */
    exclude?: string[];
  };
}

/** One NetBox instance to read into the catalog. */
interface NetboxProviderConfig {
  /** NetBox root, `https://netbox.example.com` (a trailing `/api` is accepted). */
  url: string;
  /**
   * API token with read rights: v1 (40 hex, `Token`) or v2 (`nbt_...`, `Bearer`).
   * @visibility secret
   */
  token: string;
  /** When to run a full read. Default: every 30 minutes, timeout 10 minutes. */
  schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
  /**
   * Incremental reads (objects changed since the last read, plus id lists to see deletions),
   * applied as deltas. `true`: every 2 minutes, timeout 5 minutes. Default: off.
   */
  incremental?: boolean | SchedulerServiceTaskScheduleDefinitionConfig;
  /** `spec.owner` of the entities. Default `group:default/infrastructure`. */
  owner?: string;
  /** `spec.system` of the entities. Default: none. */
  system?: string;
  /** Only this tenant's VLANs and prefixes (slug or numeric id), with the VLAN groups and VRFs they use. */
  tenant?: string | number;
  /** A read that would remove more than this share of the entities applies nothing. Default 0.2. */
  maxRemovalShare?: number;
  /** NetBox calls in flight at once. Default 4. */
  concurrency?: number;
  /** `limit` asked for on lists (NetBox clamps it to MAX_PAGE_SIZE). Default 1000. */
  pageSize?: number;
  /** Per-request timeout in milliseconds. Default 60000. */
  requestTimeoutMs?: number;
  /**
   * Which joined objects also become entities (VLANs, VLAN groups, prefixes and VRFs always do).
   * They come from lists read anyway: no extra calls on full reads, one id list each on
   * incremental ones. With `tenant`, only those in use (and that tenant) are emitted.
   */
  entities?: {
    /** Sites (`netbox-site`), related to their site group. Default true. */
    sites?: boolean;
    /** Site groups (`netbox-site-group`), related to their parent group. Default true. */
    siteGroups?: boolean;
    /** Tenants (`netbox-tenant`). Default true. */
    tenants?: boolean;
  };
  /*
   * The prefix DHCP flag (`spec.netbox.dhcp`) is read where the segments API stores it:
   * `infra.segments.dhcp` (a custom field, default `dhcp`, or a description marker).
   */
}

export interface Config {
  catalog?: {
    providers?: {
      /**
       * vCenters to read into the catalog: a map from a short id (used in entity names, so keep it
       * stable) to its settings, or a single block (id `default`).
       */
      vsphere?: { [id: string]: VsphereProviderConfig } | VsphereProviderConfig;
      /**
       * NetBox instances to read into the catalog: a map from a short id (used in entity names, so
       * keep it stable) to its settings, or a single block (id `default`).
       */
      netbox?: { [id: string]: NetboxProviderConfig } | NetboxProviderConfig;
    };
  };
}
