import { cidrContains, cidrEquals, formatCidr, parseCidr } from '../cidr';
import {
  briefHead,
  choice,
  Ctx,
  FieldErrors,
  head,
  JsonObj,
  ModelDef,
  pyFloat,
  str,
  tail,
} from '../model';
import { Row } from '../state';
import {
  cidrOf,
  fkFilter,
  nameSlugFilters,
  PREFIX_STATUS,
  QINQ_ROLE,
  SCOPE_ENDPOINTS,
  scopeChain,
  scopeObject,
  standardFilters,
  VLAN_STATUS,
} from './common';

type Ranges = Array<[number, number]>;

function rangesOf(row: Row | undefined): Ranges {
  return (row?.vid_ranges as Ranges | undefined) ?? [[1, 4094]];
}

function rangesText(ranges: Ranges): string {
  return ranges
    .map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`))
    .join(', ');
}

function totalVids(ranges: Ranges): number {
  return ranges.reduce((n, [lo, hi]) => n + (hi - lo + 1), 0);
}

export const vlans: ModelDef = {
  endpoint: 'ipam/vlans',
  served: true,
  verboseName: 'VLAN',
  uiPath: 'ipam/vlans',
  contentType: 'ipam.vlan',
  schema: 'VLAN',
  display: r => `${str(r.name)} (${r.vid})`,
  full(r, ctx) {
    return {
      ...head(this, r, ctx),
      site: ctx.nested('dcim/sites', r.site),
      group: ctx.nested('ipam/vlan-groups', r.group),
      vid: r.vid as number,
      name: str(r.name),
      tenant: ctx.nested('tenancy/tenants', r.tenant),
      status: choice(r.status, VLAN_STATUS),
      role: ctx.nested('ipam/roles', r.role),
      description: str(r.description),
      qinq_role: choice(r.qinq_role, QINQ_ROLE),
      qinq_svlan: ctx.nested('ipam/vlans', r.qinq_svlan),
      comments: str(r.comments),
      l2vpn_termination: null,
      ...tail(this, r),
      prefix_count: ctx.countBy('ipam/prefixes', 'vlan')(r.id),
    };
  },
  brief(r, ctx) {
    return this.nested(r, ctx);
  },
  nested(r, ctx) {
    return {
      ...briefHead(this, r, ctx),
      vid: r.vid as number,
      name: str(r.name),
      description: str(r.description),
    };
  },
  filters: {
    ...standardFilters(),
    vid: { kind: 'number', get: r => r.vid as number },
    name: { kind: 'string', get: r => r.name as string },
    group_id: fkFilter('ipam/vlan-groups', 'group'),
    site_id: fkFilter('dcim/sites', 'site'),
    site_group_id: {
      kind: 'fk',
      to: 'dcim/site-groups',
      tree: true,
      get: (r, ctx) =>
        (ctx.row('dcim/sites', r.site)?.group as number | null) ?? null,
    },
    region_id: {
      kind: 'fk',
      to: 'dcim/regions',
      tree: true,
      get: (r, ctx) =>
        (ctx.row('dcim/sites', r.site)?.region as number | null) ?? null,
    },
    tenant_id: fkFilter('tenancy/tenants', 'tenant'),
    role_id: fkFilter('ipam/roles', 'role'),
    status: {
      kind: 'choice',
      choices: VLAN_STATUS,
      get: r => r.status as string,
    },
    qinq_svlan_id: fkFilter('ipam/vlans', 'qinq_svlan'),
  },
  fields: {
    site: { kind: 'fk', to: 'dcim/sites', nullable: true },
    group: { kind: 'fk', to: 'ipam/vlan-groups', nullable: true },
    vid: { kind: 'int', min: 1, max: 4094 },
    name: { kind: 'string', max: 64 },
    tenant: { kind: 'fk', to: 'tenancy/tenants', nullable: true },
    status: { kind: 'choice', choices: VLAN_STATUS },
    role: { kind: 'fk', to: 'ipam/roles', nullable: true },
    description: { kind: 'string', max: 200 },
    qinq_role: { kind: 'choice', choices: QINQ_ROLE, nullable: true },
    qinq_svlan: { kind: 'fk', to: 'ipam/vlans', nullable: true },
    comments: { kind: 'string' },
    tags: { kind: 'emptyList' },
    custom_fields: { kind: 'customFields' },
  },
  required: ['vid', 'name'],
  defaults: () => ({
    site: null,
    group: null,
    tenant: null,
    status: 'active',
    role: null,
    description: '',
    qinq_role: null,
    qinq_svlan: null,
    comments: '',
    custom_fields: {},
  }),
  uniqueTogether: [
    ['group', 'vid'],
    ['group', 'name'],
  ],
  clean(r, ctx): FieldErrors | string | undefined {
    const group = ctx.row('ipam/vlan-groups', r.group);
    const site = ctx.row('dcim/sites', r.site);
    if (
      group &&
      site &&
      group.scope_type === 'dcim.site' &&
      group.scope_id !== site.id
    ) {
      const scope = ctx.row('dcim/sites', group.scope_id);
      return `VLAN is assigned to group ${group.name} (scope: ${
        scope?.name ?? group.scope_id
      }); cannot also assign to site ${site.name}.`;
    }
    if (group) {
      const ranges = rangesOf(group);
      const vid = r.vid as number;
      if (!ranges.some(([lo, hi]) => vid >= lo && vid <= hi)) {
        return {
          vid: [
            `VID must be in ranges ${rangesText(ranges)} for VLANs in group ${
              group.name
            }`,
          ],
        };
      }
    }
    if (
      r.qinq_svlan !== null &&
      r.qinq_svlan !== undefined &&
      r.qinq_role !== 'cvlan'
    ) {
      return {
        qinq_svlan: [
          'Only Q-in-Q customer VLANs maybe assigned to a service VLAN.',
        ],
      };
    }
    if (
      r.qinq_role === 'cvlan' &&
      (r.qinq_svlan === null || r.qinq_svlan === undefined)
    ) {
      return {
        qinq_role: [
          'A Q-in-Q customer VLAN must be assigned to a service VLAN.',
        ],
      };
    }
    return undefined;
  },
  relations: [
    { from: 'ipam/prefixes', field: 'vlan', onDelete: 'protect' },
    { from: 'ipam/vlans', field: 'qinq_svlan', onDelete: 'protect' },
  ],
};

function vrfKey(r: Row): number | null {
  return (r.vrf as number | null) ?? null;
}

/**
 * Keeps `_depth` and `_children` of the prefixes in `row`'s VRF right when `row` enters (`sign` 1)
 * or leaves (-1) the table, as NetBox's prefix signals do.
 */
function adjustHierarchy(row: Row, sign: 1 | -1, ctx: Ctx): void {
  const self = cidrOf(row.prefix);
  if (!self) return;
  let depth = 0;
  let children = 0;
  for (const other of ctx.state.rows('ipam/prefixes')) {
    if (other.id === row.id || vrfKey(other) !== vrfKey(row)) continue;
    const c = cidrOf(other.prefix);
    if (!c || cidrEquals(c, self)) continue;
    if (cidrContains(c, self, false)) {
      depth++;
      other._children = Math.max(0, ((other._children as number) ?? 0) + sign);
    } else if (cidrContains(self, c, false)) {
      children++;
      other._depth = Math.max(0, ((other._depth as number) ?? 0) + sign);
    }
  }
  if (sign === 1) {
    row._depth = depth;
    row._children = children;
  }
}

export const prefixes: ModelDef = {
  endpoint: 'ipam/prefixes',
  served: true,
  verboseName: 'prefix',
  uiPath: 'ipam/prefixes',
  contentType: 'ipam.prefix',
  schema: 'Prefix',
  display: r => str(r.prefix),
  full(r, ctx) {
    const family = cidrOf(r.prefix)?.family ?? 4;
    return {
      ...head(this, r, ctx),
      family: { value: family, label: `IPv${family}` },
      prefix: str(r.prefix),
      vrf: ctx.nested('ipam/vrfs', r.vrf),
      scope_type: (r.scope_type as string | null) ?? null,
      scope_id: (r.scope_id as number | null) ?? null,
      scope: scopeObject(r, ctx),
      tenant: ctx.nested('tenancy/tenants', r.tenant),
      vlan: ctx.nested('ipam/vlans', r.vlan),
      status: choice(r.status, PREFIX_STATUS),
      role: ctx.nested('ipam/roles', r.role),
      is_pool: Boolean(r.is_pool),
      mark_utilized: Boolean(r.mark_utilized),
      description: str(r.description),
      comments: str(r.comments),
      ...tail(this, r),
      children: (r._children as number) ?? 0,
      _depth: (r._depth as number) ?? 0,
    };
  },
  brief(r, ctx) {
    return this.nested(r, ctx);
  },
  nested(r, ctx) {
    const family = cidrOf(r.prefix)?.family ?? 4;
    return {
      ...briefHead(this, r, ctx),
      family: { value: family, label: `IPv${family}` },
      prefix: str(r.prefix),
      description: str(r.description),
      _depth: (r._depth as number) ?? 0,
    };
  },
  filters: {
    ...standardFilters(),
    prefix: {
      kind: 'custom',
      match: (r, values) => {
        const c = cidrOf(r.prefix);
        return values.some(v => {
          const want = parseCidr(v);
          return Boolean(c && want && cidrEquals(c, want));
        });
      },
    },
    family: { kind: 'number', get: r => cidrOf(r.prefix)?.family },
    mask_length: { kind: 'number', get: r => cidrOf(r.prefix)?.length },
    within: {
      kind: 'custom',
      single: true,
      match: (r, [v]) => {
        const outer = parseCidr(v);
        const c = cidrOf(r.prefix);
        return Boolean(outer && c && cidrContains(outer, c, false));
      },
    },
    within_include: {
      kind: 'custom',
      single: true,
      match: (r, [v]) => {
        const outer = parseCidr(v);
        const c = cidrOf(r.prefix);
        return Boolean(outer && c && cidrContains(outer, c, true));
      },
    },
    contains: {
      kind: 'custom',
      single: true,
      match: (r, [v]) => {
        const inner = parseCidr(v);
        const c = cidrOf(r.prefix);
        return Boolean(inner && c && cidrContains(c, inner, true));
      },
    },
    vlan_id: fkFilter('ipam/vlans', 'vlan'),
    vlan_vid: {
      kind: 'number',
      get: (r, ctx) => ctx.row('ipam/vlans', r.vlan)?.vid as number | undefined,
    },
    vrf_id: fkFilter('ipam/vrfs', 'vrf'),
    scope_type: { kind: 'string', get: r => r.scope_type as string | null },
    scope_id: { kind: 'number', get: r => r.scope_id as number | null },
    site_id: {
      kind: 'fk',
      to: 'dcim/sites',
      get: (r, ctx) => scopeChain(r, ctx).site ?? null,
    },
    site_group_id: {
      kind: 'fk',
      to: 'dcim/site-groups',
      tree: true,
      get: (r, ctx) => scopeChain(r, ctx).siteGroup ?? null,
    },
    region_id: {
      kind: 'fk',
      to: 'dcim/regions',
      tree: true,
      get: (r, ctx) => scopeChain(r, ctx).region ?? null,
    },
    tenant_id: fkFilter('tenancy/tenants', 'tenant'),
    role_id: fkFilter('ipam/roles', 'role'),
    status: {
      kind: 'choice',
      choices: PREFIX_STATUS,
      get: r => r.status as string,
    },
  },
  fields: {
    prefix: { kind: 'cidr' },
    vrf: { kind: 'fk', to: 'ipam/vrfs', nullable: true },
    scope_type: {
      kind: 'contentType',
      allowed: ['dcim.region', 'dcim.sitegroup', 'dcim.site', 'dcim.location'],
      nullable: true,
    },
    scope_id: { kind: 'int', nullable: true },
    tenant: { kind: 'fk', to: 'tenancy/tenants', nullable: true },
    vlan: { kind: 'fk', to: 'ipam/vlans', nullable: true },
    status: { kind: 'choice', choices: PREFIX_STATUS },
    role: { kind: 'fk', to: 'ipam/roles', nullable: true },
    is_pool: { kind: 'bool' },
    mark_utilized: { kind: 'bool' },
    description: { kind: 'string', max: 200 },
    comments: { kind: 'string' },
    tags: { kind: 'emptyList' },
    custom_fields: { kind: 'customFields' },
  },
  required: ['prefix'],
  defaults: () => ({
    vrf: null,
    scope_type: null,
    scope_id: null,
    tenant: null,
    vlan: null,
    status: 'active',
    role: null,
    is_pool: false,
    mark_utilized: false,
    description: '',
    comments: '',
    custom_fields: {},
  }),
  clean(r, ctx): FieldErrors | string | undefined {
    const c = cidrOf(r.prefix);
    if (c && c.length === 0)
      return { prefix: ['Cannot create prefix with /0 mask.'] };
    const scopeError = cleanScope(r, ctx, 'scope');
    if (scopeError) return scopeError;
    const vrf = ctx.row('ipam/vrfs', r.vrf);
    // ENFORCE_GLOBAL_UNIQUE is on by default in NetBox 4.x
    if (c && (!vrf || vrf.enforce_unique)) {
      const duplicate = ctx.state
        .rows('ipam/prefixes')
        .find(
          o =>
            o.id !== r.id &&
            vrfKey(o) === vrfKey(r) &&
            cidrEquals(cidrOf(o.prefix)!, c),
        );
      if (duplicate) {
        const table = vrf ? `VRF ${vrf.name}` : 'global table';
        return {
          prefix: [`Duplicate prefix found in ${table}: ${formatCidr(c)}`],
        };
      }
    }
    return undefined;
  },
  afterSave(row, before, ctx) {
    if (
      before &&
      before.prefix === row.prefix &&
      vrfKey(before) === vrfKey(row)
    )
      return;
    if (before) adjustHierarchy(before, -1, ctx);
    adjustHierarchy(row, 1, ctx);
  },
  afterDelete(row, ctx) {
    adjustHierarchy(row, -1, ctx);
  },
};

/**
 * Scope checks shared by prefixes and VLAN groups. The scope id must name an existing object; NetBox
 * itself stores a dangling id without complaint in some versions, the emulator is stricter.
 */
function cleanScope(
  r: Row,
  ctx: Ctx,
  errorField: string,
): FieldErrors | string | undefined {
  const type = r.scope_type as string | null;
  const id = r.scope_id as number | null;
  if (type && (id === null || id === undefined)) {
    return { [errorField]: [`Please select a ${type.split('.')[1]}.`] };
  }
  if (!type && id !== null && id !== undefined) {
    return 'Cannot set scope_id without scope_type.';
  }
  if (type && id !== null && id !== undefined) {
    const endpoint = SCOPE_ENDPOINTS[type];
    if (!endpoint || !ctx.row(endpoint, id)) {
      return {
        [errorField]: [
          `Related object not found using the provided numeric ID: ${id}`,
        ],
      };
    }
  }
  return undefined;
}

export const vlanGroups: ModelDef = {
  endpoint: 'ipam/vlan-groups',
  served: true,
  verboseName: 'VLAN group',
  uiPath: 'ipam/vlan-groups',
  contentType: 'ipam.vlangroup',
  schema: 'VLANGroup',
  display: r => str(r.name),
  full(r, ctx) {
    const ranges = rangesOf(r);
    const vlanCount = ctx.countBy('ipam/vlans', 'group')(r.id);
    return {
      ...head(this, r, ctx),
      name: str(r.name),
      slug: str(r.slug),
      scope_type: (r.scope_type as string | null) ?? null,
      scope_id: (r.scope_id as number | null) ?? null,
      scope: scopeObject(r, ctx),
      vid_ranges: ranges.map(([lo, hi]) => [lo, hi]),
      tenant: ctx.nested('tenancy/tenants', r.tenant),
      description: str(r.description),
      ...tail(this, r),
      vlan_count: vlanCount,
      utilization: pyFloat(
        Math.round((vlanCount * 10000) / totalVids(ranges)) / 100,
      ),
    };
  },
  brief(r, ctx) {
    return {
      ...this.nested(r, ctx),
      vlan_count: ctx.countBy('ipam/vlans', 'group')(r.id),
    };
  },
  nested(r, ctx) {
    return {
      ...briefHead(this, r, ctx),
      name: str(r.name),
      slug: str(r.slug),
      description: str(r.description),
    };
  },
  filters: {
    ...standardFilters(),
    ...nameSlugFilters(),
    scope_type: { kind: 'string', get: r => r.scope_type as string | null },
    scope_id: { kind: 'number', get: r => r.scope_id as number | null },
    // VLANGroupFilterSet.filter_scope: these match the scope itself, not what it contains
    region: {
      kind: 'custom',
      match: (r, v) =>
        r.scope_type === 'dcim.region' && v.includes(String(r.scope_id)),
    },
    site_group: {
      kind: 'custom',
      match: (r, v) =>
        r.scope_type === 'dcim.sitegroup' && v.includes(String(r.scope_id)),
    },
    site: {
      kind: 'custom',
      match: (r, v) =>
        r.scope_type === 'dcim.site' && v.includes(String(r.scope_id)),
    },
    contains_vid: {
      kind: 'custom',
      single: true,
      match: (r, [v]) =>
        rangesOf(r).some(([lo, hi]) => Number(v) >= lo && Number(v) <= hi),
    },
    tenant_id: fkFilter('tenancy/tenants', 'tenant'),
  },
  fields: {
    name: { kind: 'string', max: 100 },
    slug: { kind: 'string', max: 100, slug: true },
    scope_type: {
      kind: 'contentType',
      allowed: Object.keys(SCOPE_ENDPOINTS),
      nullable: true,
    },
    scope_id: { kind: 'int', nullable: true },
    vid_ranges: { kind: 'ranges' },
    tenant: { kind: 'fk', to: 'tenancy/tenants', nullable: true },
    description: { kind: 'string', max: 200 },
    tags: { kind: 'emptyList' },
    custom_fields: { kind: 'customFields' },
  },
  required: ['name', 'slug'],
  defaults: () => ({
    scope_type: null,
    scope_id: null,
    vid_ranges: [[1, 4094]],
    tenant: null,
    description: '',
    custom_fields: {},
  }),
  uniqueTogether: [
    ['scope_type', 'scope_id', 'name'],
    ['scope_type', 'scope_id', 'slug'],
  ],
  clean(r, ctx): FieldErrors | string | undefined {
    const type = r.scope_type as string | null;
    const id = r.scope_id as number | null;
    if (type && (id === null || id === undefined))
      return 'Cannot set scope_type without scope_id.';
    const scopeError = cleanScope(r, ctx, 'scope');
    if (scopeError) return scopeError;
    const ranges = rangesOf(r);
    for (const [lo, hi] of ranges) {
      if (lo < 1) {
        return {
          vid_ranges: [
            `Starting VLAN ID in range (${lo}) cannot be less than 1`,
          ],
        };
      }
      if (hi > 4094)
        return {
          vid_ranges: [`Ending VLAN ID in range (${hi}) cannot exceed 4094`],
        };
      if (lo > hi) {
        return {
          vid_ranges: [
            `Ending VLAN ID in range must be greater than or equal to the starting VLAN ID (${lo}-${hi})`,
          ],
        };
      }
    }
    const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
    if (sorted.some((rg, i) => i > 0 && rg[0] <= sorted[i - 1][1])) {
      return { vid_ranges: ['Ranges cannot overlap.'] };
    }
    return undefined;
  },
  relations: [{ from: 'ipam/vlans', field: 'group', onDelete: 'protect' }],
};

export const vrfs: ModelDef = {
  endpoint: 'ipam/vrfs',
  served: true,
  verboseName: 'VRF',
  uiPath: 'ipam/vrfs',
  contentType: 'ipam.vrf',
  schema: 'VRF',
  display: r => str(r.name),
  full(r, ctx) {
    return {
      ...head(this, r, ctx),
      name: str(r.name),
      rd: (r.rd as string | null) ?? null,
      tenant: ctx.nested('tenancy/tenants', r.tenant),
      enforce_unique: Boolean(r.enforce_unique),
      description: str(r.description),
      comments: str(r.comments),
      import_targets: [],
      export_targets: [],
      ...tail(this, r),
      ipaddress_count: 0,
      prefix_count: ctx.countBy('ipam/prefixes', 'vrf')(r.id),
    };
  },
  brief(r, ctx) {
    return {
      ...this.nested(r, ctx),
      prefix_count: ctx.countBy('ipam/prefixes', 'vrf')(r.id),
    };
  },
  nested(r, ctx): JsonObj {
    return {
      ...briefHead(this, r, ctx),
      name: str(r.name),
      rd: (r.rd as string | null) ?? null,
      description: str(r.description),
    };
  },
  filters: {
    ...standardFilters(),
    name: { kind: 'string', get: r => r.name as string },
    rd: { kind: 'string', get: r => r.rd as string | null },
    tenant_id: fkFilter('tenancy/tenants', 'tenant'),
  },
  fields: {
    name: { kind: 'string', max: 100 },
    rd: { kind: 'string', max: 21, nullable: true },
    tenant: { kind: 'fk', to: 'tenancy/tenants', nullable: true },
    enforce_unique: { kind: 'bool' },
    description: { kind: 'string', max: 200 },
    comments: { kind: 'string' },
    import_targets: { kind: 'emptyList' },
    export_targets: { kind: 'emptyList' },
    tags: { kind: 'emptyList' },
    custom_fields: { kind: 'customFields' },
  },
  required: ['name'],
  defaults: () => ({
    rd: null,
    tenant: null,
    enforce_unique: true,
    description: '',
    comments: '',
    custom_fields: {},
  }),
  unique: [{ field: 'rd', label: 'route distinguisher' }],
  relations: [{ from: 'ipam/prefixes', field: 'vrf', onDelete: 'protect' }],
};

export const roles: ModelDef = {
  endpoint: 'ipam/roles',
  served: true,
  verboseName: 'role',
  uiPath: 'ipam/roles',
  contentType: 'ipam.role',
  schema: 'Role',
  display: r => str(r.name),
  full(r, ctx) {
    return {
      ...head(this, r, ctx),
      name: str(r.name),
      slug: str(r.slug),
      weight: (r.weight as number) ?? 1000,
      description: str(r.description),
      ...tail(this, r),
      prefix_count: ctx.countBy('ipam/prefixes', 'role')(r.id),
      vlan_count: ctx.countBy('ipam/vlans', 'role')(r.id),
    };
  },
  brief(r, ctx) {
    return {
      ...this.nested(r, ctx),
      prefix_count: ctx.countBy('ipam/prefixes', 'role')(r.id),
      vlan_count: ctx.countBy('ipam/vlans', 'role')(r.id),
    };
  },
  nested(r, ctx) {
    return {
      ...briefHead(this, r, ctx),
      name: str(r.name),
      slug: str(r.slug),
      description: str(r.description),
    };
  },
  filters: { ...standardFilters(), ...nameSlugFilters() },
  fields: {
    name: { kind: 'string', max: 100 },
    slug: { kind: 'string', max: 100, slug: true },
    weight: { kind: 'int', min: 0, max: 32767 },
    description: { kind: 'string', max: 200 },
    tags: { kind: 'emptyList' },
    custom_fields: { kind: 'customFields' },
  },
  required: ['name', 'slug'],
  defaults: () => ({ weight: 1000, description: '', custom_fields: {} }),
  unique: [
    { field: 'name', label: 'name' },
    { field: 'slug', label: 'slug' },
  ],
  relations: [
    { from: 'ipam/prefixes', field: 'role', onDelete: 'setNull' },
    { from: 'ipam/vlans', field: 'role', onDelete: 'setNull' },
  ],
};
