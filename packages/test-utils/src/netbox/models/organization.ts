import { briefHead, choice, head, ModelDef, str, tail } from '../model';
import { Row } from '../state';
import {
  fkFilter,
  nameSlugFilters,
  scopeChain,
  SITE_STATUS,
  standardFilters,
} from './common';

function decimalOrNull(value: unknown): number | null {
  return value === null || value === undefined || value === ''
    ? null
    : Number(value);
}

/** Tree models (regions, site groups, tenant groups) share their nested shape. */
function treeNested(
  m: ModelDef,
  r: Row,
  ctx: Parameters<ModelDef['nested']>[1],
  count: string,
) {
  return {
    ...briefHead(m, r, ctx),
    name: str(r.name),
    slug: str(r.slug),
    description: str(r.description),
    // tree counts are plain IntegerFields with default 0, so they show (as 0) when not annotated
    [count]: 0,
    _depth: ctx.depth(m.endpoint, r),
  };
}

export const sites: ModelDef = {
  endpoint: 'dcim/sites',
  served: true,
  verboseName: 'site',
  uiPath: 'dcim/sites',
  contentType: 'dcim.site',
  schema: 'Site',
  display: r => str(r.name),
  full(r, ctx) {
    return {
      ...head(this, r, ctx),
      name: str(r.name),
      slug: str(r.slug),
      status: choice(r.status, SITE_STATUS),
      region: ctx.nested('dcim/regions', r.region),
      group: ctx.nested('dcim/site-groups', r.group),
      tenant: ctx.nested('tenancy/tenants', r.tenant),
      facility: str(r.facility),
      time_zone: r.time_zone ? String(r.time_zone) : null,
      description: str(r.description),
      physical_address: str(r.physical_address),
      shipping_address: str(r.shipping_address),
      latitude: decimalOrNull(r.latitude),
      longitude: decimalOrNull(r.longitude),
      comments: str(r.comments),
      asns: [],
      ...tail(this, r),
      circuit_count: 0,
      device_count: ctx.countBy('dcim/devices', 'site')(r.id),
      prefix_count: ctx.countBy(
        'ipam/prefixes',
        '_site',
        p => scopeChain(p, ctx).site,
      )(r.id),
      rack_count: 0,
      virtualmachine_count: ctx.countBy(
        'virtualization/virtual-machines',
        'site',
      )(r.id),
      vlan_count: ctx.countBy('ipam/vlans', 'site')(r.id),
    };
  },
  brief(r, ctx) {
    return this.nested(r, ctx);
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
    group_id: fkFilter('dcim/site-groups', 'group', true),
    region_id: fkFilter('dcim/regions', 'region', true),
    tenant_id: fkFilter('tenancy/tenants', 'tenant'),
    status: {
      kind: 'choice',
      choices: SITE_STATUS,
      get: r => r.status as string,
    },
    facility: { kind: 'string', get: r => r.facility as string },
  },
  fields: {
    name: { kind: 'string', max: 100 },
    slug: { kind: 'string', max: 100, slug: true },
    status: { kind: 'choice', choices: SITE_STATUS },
    region: { kind: 'fk', to: 'dcim/regions', nullable: true },
    group: { kind: 'fk', to: 'dcim/site-groups', nullable: true },
    tenant: { kind: 'fk', to: 'tenancy/tenants', nullable: true },
    facility: { kind: 'string', max: 50 },
    time_zone: { kind: 'string', nullable: true },
    description: { kind: 'string', max: 200 },
    physical_address: { kind: 'string', max: 200 },
    shipping_address: { kind: 'string', max: 200 },
    latitude: { kind: 'decimal', nullable: true },
    longitude: { kind: 'decimal', nullable: true },
    comments: { kind: 'string' },
    asns: { kind: 'emptyList' },
    tags: { kind: 'emptyList' },
    custom_fields: { kind: 'customFields' },
  },
  required: ['name', 'slug'],
  defaults: () => ({
    status: 'active',
    region: null,
    group: null,
    tenant: null,
    facility: '',
    time_zone: null,
    description: '',
    physical_address: '',
    shipping_address: '',
    latitude: null,
    longitude: null,
    comments: '',
    custom_fields: {},
  }),
  unique: [
    { field: 'name', label: 'name' },
    { field: 'slug', label: 'slug' },
  ],
  relations: [
    { from: 'ipam/vlans', field: 'site', onDelete: 'protect' },
    { from: 'dcim/devices', field: 'site', onDelete: 'protect' },
    {
      from: 'virtualization/virtual-machines',
      field: 'site',
      onDelete: 'protect',
    },
  ],
};

export const siteGroups: ModelDef = {
  endpoint: 'dcim/site-groups',
  served: true,
  verboseName: 'site group',
  uiPath: 'dcim/site-groups',
  contentType: 'dcim.sitegroup',
  schema: 'SiteGroup',
  parentField: 'parent',
  display: r => str(r.name),
  full(r, ctx) {
    const parent = ctx.row('dcim/site-groups', r.parent);
    const groups = ctx.descendants('dcim/site-groups', r.id);
    return {
      ...head(this, r, ctx),
      name: str(r.name),
      slug: str(r.slug),
      parent: parent
        ? {
            ...head(this, parent, ctx),
            name: str(parent.name),
            slug: str(parent.slug),
            _depth: ctx.depth(this.endpoint, parent),
          }
        : null,
      description: str(r.description),
      ...tail(this, r),
      // cumulative, as NetBox annotates tree counts
      site_count: ctx.state
        .rows('dcim/sites')
        .filter(s => groups.has(s.group as number)).length,
      prefix_count: ctx.countBy(
        'ipam/prefixes',
        '_site_group',
        p => scopeChain(p, ctx).siteGroup,
      )(r.id),
      comments: str(r.comments),
      _depth: ctx.depth(this.endpoint, r),
    };
  },
  brief(r, ctx) {
    const groups = ctx.descendants('dcim/site-groups', r.id);
    return {
      ...this.nested(r, ctx),
      site_count: ctx.state
        .rows('dcim/sites')
        .filter(s => groups.has(s.group as number)).length,
    };
  },
  nested(r, ctx) {
    return treeNested(this, r, ctx, 'site_count');
  },
  filters: {
    ...standardFilters(),
    ...nameSlugFilters(),
    parent_id: fkFilter('dcim/site-groups', 'parent'),
  },
  fields: {
    name: { kind: 'string', max: 100 },
    slug: { kind: 'string', max: 100, slug: true },
    parent: { kind: 'fk', to: 'dcim/site-groups', nullable: true },
    description: { kind: 'string', max: 200 },
    comments: { kind: 'string' },
    tags: { kind: 'emptyList' },
    custom_fields: { kind: 'customFields' },
  },
  required: ['name', 'slug'],
  defaults: () => ({
    parent: null,
    description: '',
    comments: '',
    custom_fields: {},
  }),
  // NetBox also makes root names unique with a conditional constraint, not emulated
  uniqueTogether: [
    ['parent', 'name'],
    ['parent', 'slug'],
  ],
  relations: [
    { from: 'dcim/sites', field: 'group', onDelete: 'setNull' },
    { from: 'dcim/site-groups', field: 'parent', onDelete: 'cascade' },
  ],
};

export const regions: ModelDef = {
  endpoint: 'dcim/regions',
  served: false,
  verboseName: 'region',
  uiPath: 'dcim/regions',
  contentType: 'dcim.region',
  parentField: 'parent',
  display: r => str(r.name),
  brief(r, ctx) {
    return this.nested(r, ctx);
  },
  nested(r, ctx) {
    return treeNested(this, r, ctx, 'site_count');
  },
  filters: standardFilters(),
  fields: {},
  required: [],
};

export const tenants: ModelDef = {
  endpoint: 'tenancy/tenants',
  served: true,
  verboseName: 'tenant',
  uiPath: 'tenancy/tenants',
  contentType: 'tenancy.tenant',
  schema: 'Tenant',
  customFields: ['cust_id'],
  display: r => str(r.name),
  full(r, ctx) {
    return {
      ...head(this, r, ctx),
      name: str(r.name),
      slug: str(r.slug),
      group: ctx.nested('tenancy/tenant-groups', r.group),
      description: str(r.description),
      comments: str(r.comments),
      ...tail(this, r),
      circuit_count: 0,
      device_count: ctx.countBy('dcim/devices', 'tenant')(r.id),
      ipaddress_count: 0,
      prefix_count: ctx.countBy('ipam/prefixes', 'tenant')(r.id),
      rack_count: 0,
      site_count: ctx.countBy('dcim/sites', 'tenant')(r.id),
      virtualmachine_count: ctx.countBy(
        'virtualization/virtual-machines',
        'tenant',
      )(r.id),
      vlan_count: ctx.countBy('ipam/vlans', 'tenant')(r.id),
      vrf_count: ctx.countBy('ipam/vrfs', 'tenant')(r.id),
      cluster_count: 0,
    };
  },
  brief(r, ctx) {
    return this.nested(r, ctx);
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
    group_id: fkFilter('tenancy/tenant-groups', 'group', true),
  },
  fields: {
    name: { kind: 'string', max: 100 },
    slug: { kind: 'string', max: 100, slug: true },
    group: { kind: 'fk', to: 'tenancy/tenant-groups', nullable: true },
    description: { kind: 'string', max: 200 },
    comments: { kind: 'string' },
    tags: { kind: 'emptyList' },
    custom_fields: { kind: 'customFields' },
  },
  required: ['name', 'slug'],
  defaults: () => ({
    group: null,
    description: '',
    comments: '',
    custom_fields: {},
  }),
  unique: [
    { field: 'name', label: 'name' },
    { field: 'slug', label: 'slug' },
  ],
  relations: [
    { from: 'ipam/vlans', field: 'tenant', onDelete: 'protect' },
    { from: 'ipam/prefixes', field: 'tenant', onDelete: 'protect' },
    { from: 'ipam/vrfs', field: 'tenant', onDelete: 'protect' },
    { from: 'ipam/vlan-groups', field: 'tenant', onDelete: 'protect' },
    { from: 'dcim/sites', field: 'tenant', onDelete: 'protect' },
    { from: 'dcim/devices', field: 'tenant', onDelete: 'protect' },
    {
      from: 'virtualization/virtual-machines',
      field: 'tenant',
      onDelete: 'protect',
    },
  ],
};

export const tenantGroups: ModelDef = {
  endpoint: 'tenancy/tenant-groups',
  served: false,
  verboseName: 'tenant group',
  uiPath: 'tenancy/tenant-groups',
  contentType: 'tenancy.tenantgroup',
  parentField: 'parent',
  display: r => str(r.name),
  brief(r, ctx) {
    return this.nested(r, ctx);
  },
  nested(r, ctx) {
    return treeNested(this, r, ctx, 'tenant_count');
  },
  filters: standardFilters(),
  fields: {},
  required: [],
};
