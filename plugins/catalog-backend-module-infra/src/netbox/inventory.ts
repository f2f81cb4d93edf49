import type {
  NetboxClient,
  NetboxEndpoint,
  NetboxFilters,
} from '@infra-inventory/plugin-infra-node';

/** A nested reference as NetBox renders it inside another object. */
export interface NestedRef {
  id: number;
  name?: string;
  slug?: string;
}

/** The NetBox object types read, with the fields kept of each (`fields=` on every list). */
export interface NetboxVlan {
  id: number;
  vid: number;
  name: string;
  status?: { value: string } | null;
  group?: NestedRef | null;
  site?: NestedRef | null;
  tenant?: NestedRef | null;
  role?: NestedRef | null;
  description?: string;
}
export interface NetboxPrefix {
  id: number;
  prefix: string;
  status?: { value: string } | null;
  vlan?: NestedRef | null;
  vrf?: NestedRef | null;
  /** NetBox 4.2+: `dcim.site`, `dcim.sitegroup`, `dcim.region`, `dcim.location`... */
  scope_type?: string | null;
  scope_id?: number | null;
  tenant?: NestedRef | null;
  role?: NestedRef | null;
  description?: string;
  /** Only read when the DHCP flag is stored in a custom field (see `prefixDhcp`). */
  custom_fields?: Record<string, unknown> | null;
}
export interface NetboxVlanGroup {
  id: number;
  name: string;
  slug: string;
  scope_type?: string | null;
  scope_id?: number | null;
  tenant?: NestedRef | null;
  description?: string;
}
export interface NetboxVrf {
  id: number;
  name: string;
  rd?: string | null;
  tenant?: NestedRef | null;
  description?: string;
}
export interface NetboxSite {
  id: number;
  name: string;
  slug: string;
  status?: { value: string } | null;
  group?: NestedRef | null;
  description?: string;
}
export interface NetboxNamed {
  id: number;
  name: string;
  slug: string;
  description?: string;
}
/** Site groups nest: `parent` is the enclosing group. */
export interface NetboxSiteGroup extends NetboxNamed {
  parent?: NestedRef | null;
}

/** What one read knows, every table indexed by id. */
export interface NetboxInventory {
  vlans: Map<number, NetboxVlan>;
  prefixes: Map<number, NetboxPrefix>;
  vlanGroups: Map<number, NetboxVlanGroup>;
  vrfs: Map<number, NetboxVrf>;
  sites: Map<number, NetboxSite>;
  siteGroups: Map<number, NetboxSiteGroup>;
  tenants: Map<number, NetboxNamed>;
  roles: Map<number, NetboxNamed>;
}

export type TableName = keyof NetboxInventory;

interface TableSpec {
  endpoint: NetboxEndpoint;
  fields: string[];
  /** Filtered by the configured tenant on the server. */
  byTenant?: boolean;
  /**
   * Can bear entities: its id list is read on incremental runs to see deletions, unless the
   * configuration turns its entities off (see `idTables`).
   */
  entities?: boolean;
}

/** Per table: where it is read and exactly the fields the transform uses. */
export const TABLES: Record<TableName, TableSpec> = {
  vlans: {
    endpoint: 'ipam/vlans',
    fields: [
      'vid',
      'name',
      'status',
      'group',
      'site',
      'tenant',
      'role',
      'description',
    ],
    byTenant: true,
    entities: true,
  },
  prefixes: {
    endpoint: 'ipam/prefixes',
    fields: [
      'prefix',
      'status',
      'vlan',
      'vrf',
      'scope_type',
      'scope_id',
      'tenant',
      'role',
      'description',
    ],
    byTenant: true,
    entities: true,
  },
  vlanGroups: {
    endpoint: 'ipam/vlan-groups',
    fields: ['name', 'slug', 'scope_type', 'scope_id', 'tenant', 'description'],
    entities: true,
  },
  vrfs: {
    endpoint: 'ipam/vrfs',
    fields: ['name', 'rd', 'tenant', 'description'],
    entities: true,
  },
  sites: {
    endpoint: 'dcim/sites',
    fields: ['name', 'slug', 'status', 'group', 'description'],
    entities: true,
  },
  siteGroups: {
    endpoint: 'dcim/site-groups',
    fields: ['name', 'slug', 'parent', 'description'],
    entities: true,
  },
  tenants: {
    endpoint: 'tenancy/tenants',
    fields: ['name', 'slug', 'description'],
    entities: true,
  },
  roles: { endpoint: 'ipam/roles', fields: ['name', 'slug'] },
};

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];

/** What a read asks beyond the fixed `TABLES`: set per instance from its configuration. */
export interface ReadShape {
  /** Extra `fields=` per table, such as the prefix custom fields when DHCP is stored there. */
  extraFields?: Partial<Record<TableName, string[]>>;
  /** Tables whose id lists incremental reads fetch; default every table that can bear entities. */
  idTables?: ReadonlySet<TableName>;
}

function fieldsOf(name: TableName, shape: ReadShape | undefined): string[] {
  const extra = shape?.extraFields?.[name];
  return extra?.length
    ? [...TABLES[name].fields, ...extra]
    : TABLES[name].fields;
}

/** Calls, pages and time of a read, summed over its lists. */
export interface ReadStats {
  calls: number;
  pages: number;
  /** Per table: pages read. */
  byTable: Record<string, number>;
}

function emptyStats(): ReadStats {
  return { calls: 0, pages: 0, byTable: {} };
}

function add(
  stats: ReadStats,
  table: string,
  r: { calls: number; pages: number },
) {
  stats.calls += r.calls;
  stats.pages += r.pages;
  stats.byTable[table] = (stats.byTable[table] ?? 0) + r.pages;
}

export function emptyInventory(): NetboxInventory {
  return {
    vlans: new Map(),
    prefixes: new Map(),
    vlanGroups: new Map(),
    vrfs: new Map(),
    sites: new Map(),
    siteGroups: new Map(),
    tenants: new Map(),
    roles: new Map(),
  };
}

const byId = <T extends { id: number }>(items: T[]) =>
  new Map(items.map(i => [i.id, i]));

/**
 * Resolves the configured tenant to its id; a slug needs the tenant list, which then is read first
 * and returned so the full read does not read it again.
 */
async function resolveTenant(
  client: NetboxClient,
  tenant: string | number | undefined,
  stats: ReadStats,
  signal?: AbortSignal,
): Promise<{ id?: number; tenants?: NetboxNamed[] }> {
  if (tenant === undefined || typeof tenant === 'number') return { id: tenant };
  const read = await client.list<NetboxNamed>(TABLES.tenants.endpoint, {
    fields: TABLES.tenants.fields,
    signal,
  });
  add(stats, 'tenants', read);
  const found = read.results.find(t => t.slug === tenant);
  if (!found) {
    throw new Error(
      `NetBox has no tenant with the slug '${tenant}' (catalog.providers.netbox tenant); nothing read`,
    );
  }
  return { id: found.id, tenants: read.results };
}

/**
 * Reads every table whole, all lists in parallel (and each list's pages in parallel inside the
 * client), trimmed with `fields=`. With a tenant, VLANs and prefixes are filtered on the server.
 */
export async function readNetboxInventory(
  client: NetboxClient,
  options: {
    tenant?: string | number;
    signal?: AbortSignal;
    shape?: ReadShape;
  },
): Promise<{ inventory: NetboxInventory; stats: ReadStats }> {
  const stats = emptyStats();
  const tenant = await resolveTenant(
    client,
    options.tenant,
    stats,
    options.signal,
  );
  const inventory = emptyInventory();
  await Promise.all(
    TABLE_NAMES.map(async name => {
      if (name === 'tenants' && tenant.tenants) {
        inventory.tenants = byId(tenant.tenants);
        return;
      }
      const spec = TABLES[name];
      const filters: NetboxFilters = {};
      if (spec.byTenant && tenant.id !== undefined)
        filters.tenant_id = tenant.id;
      const read = await client.list<any>(spec.endpoint, {
        fields: fieldsOf(name, options.shape),
        filters,
        signal: options.signal,
      });
      add(stats, name, read);
      (inventory as Record<TableName, Map<number, unknown>>)[name] = byId(
        read.results,
      );
    }),
  );
  return { inventory, stats };
}

/** What changed in NetBox since a time: the changed objects and the ids that still exist. */
export interface NetboxChanges {
  changed: {
    [K in TableName]: Array<
      NetboxInventory[K] extends Map<number, infer V> ? V : never
    >;
  };
  /** Ids present now, for the tables that bear entities. */
  ids: Partial<Record<TableName, Set<number>>>;
}

/**
 * Reads what changed since `since` (`last_updated__gte`, every table) and the id lists of the tables
 * that bear entities (`fields=id`) to see deletions, all in parallel.
 */
export async function readNetboxChanges(
  client: NetboxClient,
  options: {
    since: Date;
    tenantId?: number;
    signal?: AbortSignal;
    shape?: ReadShape;
  },
): Promise<{ changes: NetboxChanges; stats: ReadStats }> {
  const stats = emptyStats();
  const changed = {} as NetboxChanges['changed'];
  const ids: NetboxChanges['ids'] = {};
  const tasks: Array<Promise<void>> = [];
  for (const name of TABLE_NAMES) {
    const spec = TABLES[name];
    const tenantFilter: NetboxFilters =
      spec.byTenant && options.tenantId !== undefined
        ? { tenant_id: options.tenantId }
        : {};
    tasks.push(
      client
        .list<any>(spec.endpoint, {
          fields: fieldsOf(name, options.shape),
          filters: { ...tenantFilter, last_updated__gte: options.since },
          signal: options.signal,
        })
        .then(read => {
          add(stats, name, read);
          (changed as Record<string, unknown>)[name] = read.results;
        }),
    );
    const wantsIds = options.shape?.idTables
      ? options.shape.idTables.has(name)
      : spec.entities;
    if (wantsIds) {
      tasks.push(
        client
          .list<{ id: number }>(spec.endpoint, {
            fields: ['id'],
            filters: tenantFilter,
            signal: options.signal,
          })
          .then(read => {
            add(stats, `${name}:ids`, read);
            ids[name] = new Set(read.results.map(r => r.id));
          }),
      );
    }
  }
  await Promise.all(tasks);
  return { changes: { changed, ids }, stats };
}

/**
 * A copy of `base` with `changes` applied: changed objects replace theirs, vanished ids go.
 * `touched` counts the objects changed or removed (0: the read found nothing new).
 */
export function applyChanges(
  base: NetboxInventory,
  changes: NetboxChanges,
): { inventory: NetboxInventory; touched: number } {
  const next = emptyInventory() as Record<TableName, Map<number, any>>;
  let touched = 0;
  for (const name of TABLE_NAMES) {
    const map = new Map((base as Record<TableName, Map<number, any>>)[name]);
    for (const item of changes.changed[name] ?? []) {
      map.set(item.id, item);
      touched++;
    }
    const present = changes.ids[name];
    if (present) {
      for (const id of [...map.keys()]) {
        if (!present.has(id)) {
          map.delete(id);
          touched++;
        }
      }
    }
    next[name] = map;
  }
  return { inventory: next as unknown as NetboxInventory, touched };
}
