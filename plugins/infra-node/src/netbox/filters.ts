import { InputError } from '@backstage/errors';

/**
 * The filter names we send, per list endpoint. NetBox silently ignores unknown filter names and
 * returns the whole table, so a typo (`site_group_id` on VLAN groups, which only know `site_group`)
 * turns a targeted read into a full scan and wrong results. `filters.test.ts` checks every name
 * against the `parameters` of that list operation in NetBox's OpenAPI schema.
 */
export const NETBOX_FILTERS = {
  'ipam/vlans': [
    'id',
    'vid',
    'name',
    'group_id',
    'site_id',
    'site_group_id',
    'tenant_id',
    'role_id',
    'status',
    'last_updated__gte',
  ],
  'ipam/prefixes': [
    'id',
    'prefix',
    'vlan_id',
    'vlan_vid',
    'vrf_id',
    'scope_type',
    'scope_id',
    'site_id',
    'site_group_id',
    'tenant_id',
    'role_id',
    'status',
    'within',
    'contains',
    'mask_length',
    'last_updated__gte',
  ],
  'ipam/vlan-groups': [
    'id',
    'name',
    'slug',
    'scope_type',
    'scope_id',
    // VLAN groups take the site group's id under `site_group`, not `site_group_id`
    'site_group',
    'contains_vid',
    'tenant_id',
    'last_updated__gte',
  ],
  'ipam/vrfs': ['id', 'name', 'rd', 'tenant_id', 'last_updated__gte'],
  'ipam/roles': ['id', 'name', 'slug', 'last_updated__gte'],
  'dcim/sites': [
    'id',
    'name',
    'slug',
    'group_id',
    'region_id',
    'tenant_id',
    'status',
    'last_updated__gte',
  ],
  'dcim/site-groups': ['id', 'name', 'slug', 'parent_id', 'last_updated__gte'],
  'tenancy/tenants': ['id', 'name', 'slug', 'group_id', 'last_updated__gte'],
  'dcim/devices': ['id', 'name', 'serial', 'site_id', 'last_updated__gte'],
  'virtualization/virtual-machines': [
    'id',
    'name',
    'serial',
    'site_id',
    'cluster_id',
    'last_updated__gte',
  ],
} as const satisfies Record<string, readonly string[]>;

export type NetboxEndpoint = keyof typeof NETBOX_FILTERS;

/**
 * Query parameters that NetBox handles outside its filter sets (and outside the OpenAPI schema, except
 * `limit`/`offset`); the client sets them itself.
 */
export const RESERVED_QUERY_PARAMS: readonly string[] = [
  'fields',
  'brief',
  'omit',
  'limit',
  'offset',
];

export type FilterValue = string | number | boolean | Date | null;
export type Filters = Record<
  string,
  FilterValue | readonly FilterValue[] | undefined
>;

/** `ipam/vlans`, `/api/ipam/vlans/` and `ipam/vlans/` all name the same endpoint. */
export function normalizeEndpoint(path: string): string {
  return path
    .replace(/^\/+/, '')
    .replace(/^api\//, '')
    .replace(/\/+$/, '');
}

export function isKnownEndpoint(endpoint: string): endpoint is NetboxEndpoint {
  return Object.prototype.hasOwnProperty.call(NETBOX_FILTERS, endpoint);
}

/** Filter names of `filters` that are not in our table for `endpoint` (empty for other endpoints). */
export function unknownFilterNames(
  endpoint: string,
  names: Iterable<string>,
): string[] {
  const normalized = normalizeEndpoint(endpoint);
  if (!isKnownEndpoint(normalized)) return [];
  const allowed: readonly string[] = NETBOX_FILTERS[normalized];
  return [...names].filter(n => !allowed.includes(n));
}

/**
 * Rejects filter names outside the table before anything is sent: an unchecked name would make
 * NetBox return every object.
 */
export function assertKnownFilters(endpoint: string, filters: Filters): void {
  const names = Object.keys(filters);
  const reserved = names.filter(n => RESERVED_QUERY_PARAMS.includes(n));
  if (reserved.length > 0) {
    throw new InputError(
      `Pass ${reserved.join(', ')} as list options, not as filters`,
    );
  }
  const unknown = unknownFilterNames(endpoint, names);
  if (unknown.length > 0) {
    throw new InputError(
      `Filter ${unknown.join(
        ', ',
      )} is not in the checked filter table for ${normalizeEndpoint(
        endpoint,
      )}; NetBox would ignore it and return every object`,
    );
  }
}

function encodeValue(value: Exclude<FilterValue, undefined>): string {
  if (value === null) return 'null';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/** Appends filters to `params`, one key per value: NetBox ORs repeated keys. */
export function appendFilters(params: URLSearchParams, filters: Filters): void {
  for (const [name, raw] of Object.entries(filters)) {
    if (raw === undefined) continue;
    const values = Array.isArray(raw) ? raw : [raw as FilterValue];
    for (const v of values) params.append(name, encodeValue(v));
  }
}
