import { Cidr, parseCidr } from '../cidr';
import { Ctx, FilterDef } from '../model';
import { Row } from '../state';

export const VLAN_STATUS = {
  active: 'Active',
  reserved: 'Reserved',
  deprecated: 'Deprecated',
};
export const PREFIX_STATUS = {
  container: 'Container',
  active: 'Active',
  reserved: 'Reserved',
  deprecated: 'Deprecated',
};
export const SITE_STATUS = {
  planned: 'Planned',
  staging: 'Staging',
  active: 'Active',
  decommissioning: 'Decommissioning',
  retired: 'Retired',
};
export const DEVICE_STATUS = {
  offline: 'Offline',
  active: 'Active',
  planned: 'Planned',
  staged: 'Staged',
  failed: 'Failed',
  inventory: 'Inventory',
  decommissioning: 'Decommissioning',
};
export const VM_STATUS = {
  offline: 'Offline',
  active: 'Active',
  planned: 'Planned',
  staged: 'Staged',
  failed: 'Failed',
  decommissioning: 'Decommissioning',
  paused: 'Paused',
};
export const QINQ_ROLE = { svlan: 'Service', cvlan: 'Customer' };

/** Scope content types and the tables behind them (locations, racks... are not emulated). */
export const SCOPE_ENDPOINTS: Record<string, string | undefined> = {
  'dcim.region': 'dcim/regions',
  'dcim.sitegroup': 'dcim/site-groups',
  'dcim.site': 'dcim/sites',
  'dcim.location': undefined,
  'dcim.rack': undefined,
  'virtualization.clustergroup': undefined,
  'virtualization.cluster': 'virtualization/clusters',
};

/** id, created/last_updated ranges: filters every NetBox model has. */
export function standardFilters(): Record<string, FilterDef> {
  return {
    id: { kind: 'number', get: r => r.id },
    created__gte: { kind: 'datetime', op: 'gte', get: r => r.created },
    created__lte: { kind: 'datetime', op: 'lte', get: r => r.created },
    last_updated__gte: {
      kind: 'datetime',
      op: 'gte',
      get: r => r.last_updated,
    },
    last_updated__lte: {
      kind: 'datetime',
      op: 'lte',
      get: r => r.last_updated,
    },
  };
}

export function nameSlugFilters(): Record<string, FilterDef> {
  return {
    name: { kind: 'string', get: r => r.name as string },
    slug: { kind: 'string', get: r => r.slug as string },
  };
}

export function fkFilter(to: string, field: string, tree = false): FilterDef {
  return { kind: 'fk', to, tree, get: r => r[field] as number | null };
}

const cidrCache = new Map<string, Cidr | undefined>();
/** Parsed prefix of a row, cached: list filters parse the same strings over and over. */
export function cidrOf(text: unknown): Cidr | undefined {
  if (typeof text !== 'string') return undefined;
  if (!cidrCache.has(text)) {
    if (cidrCache.size > 200_000) cidrCache.clear();
    cidrCache.set(text, parseCidr(text));
  }
  return cidrCache.get(text);
}

/**
 * The site, site group and region a scoped object (prefix, VLAN group) falls under; NetBox caches
 * these as `_site`, `_site_group`, `_region` and filters on them.
 */
export function scopeChain(
  row: Row,
  ctx: Ctx,
): { site?: number; siteGroup?: number; region?: number } {
  const type = row.scope_type;
  const id = row.scope_id;
  if (typeof id !== 'number') return {};
  if (type === 'dcim.site') {
    const site = ctx.row('dcim/sites', id);
    return {
      site: id,
      siteGroup: (site?.group as number | null) ?? undefined,
      region: (site?.region as number | null) ?? undefined,
    };
  }
  if (type === 'dcim.sitegroup') return { siteGroup: id };
  if (type === 'dcim.region') return { region: id };
  return {};
}

/** Nested representation of a scope (`scope` field), null when unscoped or unresolvable. */
export function scopeObject(row: Row, ctx: Ctx) {
  const endpoint = SCOPE_ENDPOINTS[row.scope_type as string];
  return endpoint ? ctx.nested(endpoint, row.scope_id) : null;
}
