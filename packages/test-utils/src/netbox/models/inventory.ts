import { briefHead, choice, head, ModelDef, str, tail } from '../model';
import { Row } from '../state';
import { DEVICE_STATUS, fkFilter, standardFilters, VM_STATUS } from './common';

/**
 * Devices and virtual machines are emulated minimally: enough to look hosts up by serial or name.
 * Their required relations (device type, role, manufacturer) come from small fixed tables.
 */

function simpleNested(
  m: ModelDef,
  r: Row,
  ctx: Parameters<ModelDef['nested']>[1],
) {
  return {
    ...briefHead(m, r, ctx),
    name: str(r.name),
    slug: str(r.slug),
    description: str(r.description),
  };
}

function auxModel(
  endpoint: string,
  verboseName: string,
  contentType: string,
  nested?: ModelDef['nested'],
): ModelDef {
  return {
    endpoint,
    served: false,
    verboseName,
    uiPath: endpoint,
    contentType,
    display: r => str(r.name ?? r.model),
    brief(r, ctx) {
      return this.nested(r, ctx);
    },
    nested:
      nested ??
      function nestedAux(this: ModelDef, r, ctx) {
        return simpleNested(this, r, ctx);
      },
    filters: standardFilters(),
    fields: {},
    required: [],
  };
}

export const manufacturers = auxModel(
  'dcim/manufacturers',
  'manufacturer',
  'dcim.manufacturer',
);
export const platforms = auxModel(
  'dcim/platforms',
  'platform',
  'dcim.platform',
);
export const clusters = auxModel(
  'virtualization/clusters',
  'cluster',
  'virtualization.cluster',
  function nestedCluster(this: ModelDef, r, ctx) {
    return {
      ...briefHead(this, r, ctx),
      name: str(r.name),
      description: str(r.description),
    };
  },
);
export const deviceRoles = auxModel(
  'dcim/device-roles',
  'device role',
  'dcim.devicerole',
  function nestedRole(this: ModelDef, r, ctx) {
    return { ...simpleNested(this, r, ctx), _depth: 0 };
  },
);
export const deviceTypes = auxModel(
  'dcim/device-types',
  'device type',
  'dcim.devicetype',
  function nestedType(this: ModelDef, r, ctx) {
    return {
      ...briefHead(this, r, ctx),
      manufacturer: ctx.nested('dcim/manufacturers', r.manufacturer),
      model: str(r.model),
      slug: str(r.slug),
      description: str(r.description),
    };
  },
);

export const devices: ModelDef = {
  endpoint: 'dcim/devices',
  served: true,
  verboseName: 'device',
  uiPath: 'dcim/devices',
  contentType: 'dcim.device',
  schema: 'DeviceWithConfigContext',
  display: (r, ctx) => {
    if (r.name) return String(r.name);
    const type = ctx.row('dcim/device-types', r.device_type);
    return `${str(type?.model)} (${r.id})`;
  },
  full(r, ctx) {
    return {
      ...head(this, r, ctx),
      name: (r.name as string | null) ?? null,
      device_type: ctx.nested('dcim/device-types', r.device_type),
      role: ctx.nested('dcim/device-roles', r.role),
      tenant: ctx.nested('tenancy/tenants', r.tenant),
      platform: ctx.nested('dcim/platforms', r.platform),
      serial: str(r.serial),
      asset_tag: (r.asset_tag as string | null) ?? null,
      site: ctx.nested('dcim/sites', r.site),
      location: null,
      rack: null,
      position: null,
      face: null,
      latitude: null,
      longitude: null,
      parent_device: null,
      status: choice(r.status, DEVICE_STATUS),
      airflow: null,
      primary_ip: null,
      primary_ip4: null,
      primary_ip6: null,
      oob_ip: null,
      cluster: ctx.nested('virtualization/clusters', r.cluster),
      virtual_chassis: null,
      vc_position: null,
      vc_priority: null,
      description: str(r.description),
      comments: str(r.comments),
      config_template: null,
      config_context: {},
      local_context_data: null,
      ...tail(this, r),
      console_port_count: 0,
      console_server_port_count: 0,
      power_port_count: 0,
      power_outlet_count: 0,
      interface_count: 0,
      front_port_count: 0,
      rear_port_count: 0,
      device_bay_count: 0,
      module_bay_count: 0,
      inventory_item_count: 0,
    };
  },
  brief(r, ctx) {
    return this.nested(r, ctx);
  },
  nested(r, ctx) {
    return {
      ...briefHead(this, r, ctx),
      name: (r.name as string | null) ?? null,
      description: str(r.description),
    };
  },
  filters: {
    ...standardFilters(),
    name: { kind: 'string', get: r => r.name as string | null },
    serial: { kind: 'string', get: r => r.serial as string },
    asset_tag: { kind: 'string', get: r => r.asset_tag as string | null },
    site_id: fkFilter('dcim/sites', 'site'),
    tenant_id: fkFilter('tenancy/tenants', 'tenant'),
    role_id: fkFilter('dcim/device-roles', 'role'),
    status: {
      kind: 'choice',
      choices: DEVICE_STATUS,
      get: r => r.status as string,
    },
  },
  fields: {
    name: { kind: 'string', max: 64, nullable: true },
    device_type: { kind: 'fk', to: 'dcim/device-types' },
    role: { kind: 'fk', to: 'dcim/device-roles' },
    tenant: { kind: 'fk', to: 'tenancy/tenants', nullable: true },
    platform: { kind: 'fk', to: 'dcim/platforms', nullable: true },
    serial: { kind: 'string', max: 50 },
    asset_tag: { kind: 'string', max: 50, nullable: true },
    site: { kind: 'fk', to: 'dcim/sites' },
    status: { kind: 'choice', choices: DEVICE_STATUS },
    cluster: { kind: 'fk', to: 'virtualization/clusters', nullable: true },
    description: { kind: 'string', max: 200 },
    comments: { kind: 'string' },
    tags: { kind: 'emptyList' },
    custom_fields: { kind: 'customFields' },
  },
  required: ['device_type', 'role', 'site'],
  defaults: () => ({
    name: null,
    tenant: null,
    platform: null,
    serial: '',
    asset_tag: null,
    status: 'active',
    cluster: null,
    description: '',
    comments: '',
    custom_fields: {},
  }),
  uniqueTogether: [['site', 'tenant', 'name']],
  unique: [{ field: 'asset_tag', label: 'asset tag' }],
};

export const virtualMachines: ModelDef = {
  endpoint: 'virtualization/virtual-machines',
  served: true,
  verboseName: 'virtual machine',
  uiPath: 'virtualization/virtual-machines',
  contentType: 'virtualization.virtualmachine',
  schema: 'VirtualMachineWithConfigContext',
  display: r => str(r.name),
  full(r, ctx) {
    return {
      ...head(this, r, ctx),
      name: str(r.name),
      status: choice(r.status, VM_STATUS),
      site: ctx.nested('dcim/sites', r.site),
      cluster: ctx.nested('virtualization/clusters', r.cluster),
      device: ctx.nested('dcim/devices', r.device),
      serial: str(r.serial),
      role: ctx.nested('dcim/device-roles', r.role),
      tenant: ctx.nested('tenancy/tenants', r.tenant),
      platform: ctx.nested('dcim/platforms', r.platform),
      primary_ip: null,
      primary_ip4: null,
      primary_ip6: null,
      vcpus: (r.vcpus as number | null) ?? null,
      memory: (r.memory as number | null) ?? null,
      disk: (r.disk as number | null) ?? null,
      description: str(r.description),
      comments: str(r.comments),
      config_template: null,
      local_context_data: null,
      ...tail(this, r),
      config_context: {},
      interface_count: 0,
      virtual_disk_count: 0,
    };
  },
  brief(r, ctx) {
    return this.nested(r, ctx);
  },
  nested(r, ctx) {
    return {
      ...briefHead(this, r, ctx),
      name: str(r.name),
      description: str(r.description),
    };
  },
  filters: {
    ...standardFilters(),
    name: { kind: 'string', get: r => r.name as string },
    serial: { kind: 'string', get: r => r.serial as string },
    site_id: fkFilter('dcim/sites', 'site'),
    cluster_id: fkFilter('virtualization/clusters', 'cluster'),
    device_id: fkFilter('dcim/devices', 'device'),
    tenant_id: fkFilter('tenancy/tenants', 'tenant'),
    role_id: fkFilter('dcim/device-roles', 'role'),
    status: {
      kind: 'choice',
      choices: VM_STATUS,
      get: r => r.status as string,
    },
  },
  fields: {
    name: { kind: 'string', max: 64 },
    status: { kind: 'choice', choices: VM_STATUS },
    site: { kind: 'fk', to: 'dcim/sites', nullable: true },
    cluster: { kind: 'fk', to: 'virtualization/clusters', nullable: true },
    device: { kind: 'fk', to: 'dcim/devices', nullable: true },
    serial: { kind: 'string', max: 50 },
    role: { kind: 'fk', to: 'dcim/device-roles', nullable: true },
    tenant: { kind: 'fk', to: 'tenancy/tenants', nullable: true },
    platform: { kind: 'fk', to: 'dcim/platforms', nullable: true },
    vcpus: { kind: 'decimal', nullable: true },
    memory: { kind: 'int', min: 0, nullable: true },
    disk: { kind: 'int', min: 0, nullable: true },
    description: { kind: 'string', max: 200 },
    comments: { kind: 'string' },
    tags: { kind: 'emptyList' },
    custom_fields: { kind: 'customFields' },
  },
  required: ['name'],
  defaults: () => ({
    status: 'active',
    site: null,
    cluster: null,
    device: null,
    serial: '',
    role: null,
    tenant: null,
    platform: null,
    vcpus: null,
    memory: null,
    disk: null,
    description: '',
    comments: '',
    custom_fields: {},
  }),
  clean(r) {
    if (
      (r.site === null || r.site === undefined) &&
      (r.cluster === null || r.cluster === undefined)
    ) {
      return 'A virtual machine must be assigned to a site and/or cluster.';
    }
    return undefined;
  },
  relations: [],
};
