import { readFileSync } from 'node:fs';
import { sharedPath } from '../shared';
import { parseCopyBlocks } from './copyFormat';
import { NetboxEmulatorState } from './state';
import { parseTimestamp } from './timestamps';

/** The NetBox 4.2 demo data subset beside the repository (see ../shared/netbox/fixtures/NOTICE.md). */
export const DEMO_SQL_PATH = sharedPath(
  'netbox',
  'fixtures',
  'demo-data-v4.2',
  'netbox-demo-v4.2-ipam-subset.sql',
);

type Raw = Record<string, string | null>;

const int = (v: string | null) => (v === null || v === '' ? null : Number(v));
const bool = (v: string | null) => v === 't';
const text = (v: string | null) => v ?? '';

/** `{"[1,4095)"}`, a PostgreSQL int4range[], as inclusive [lower, upper] pairs. */
export function parseRanges(value: string | null): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const m of (value ?? '').matchAll(
    /([[(])\s*(-?\d+)\s*,\s*(-?\d+)\s*([\])])/g,
  )) {
    const lo = Number(m[2]) + (m[1] === '(' ? 1 : 0);
    const hi = Number(m[3]) - (m[4] === ')' ? 1 : 0);
    out.push([lo, hi]);
  }
  return out;
}

function common(r: Raw) {
  return {
    id: Number(r.id),
    created: r.created ? parseTimestamp(r.created) ?? null : null,
    last_updated: r.last_updated
      ? parseTimestamp(r.last_updated) ?? null
      : null,
    custom_fields: r.custom_field_data ? JSON.parse(r.custom_field_data) : {},
  };
}

/**
 * Small fixed tables that minimal devices need (NetBox requires a device type and a role), present
 * whatever the seed.
 */
export function seedBase(state: NetboxEmulatorState): void {
  const t = parseTimestamp('2025-01-01T00:00:00Z')!;
  state.insert('dcim/manufacturers', {
    id: 1,
    name: 'Generic',
    slug: 'generic',
    description: '',
    created: t,
    last_updated: t,
  });
  state.insert('dcim/device-types', {
    id: 1,
    manufacturer: 1,
    model: 'Generic Server',
    slug: 'generic-server',
    description: '',
    created: t,
    last_updated: t,
  });
  state.insert('dcim/device-roles', {
    id: 1,
    name: 'Server',
    slug: 'server',
    description: '',
    created: t,
    last_updated: t,
  });
}

/** Loads the demo rows: regions, site groups, sites, tenants, roles, VRFs, VLAN groups, VLANs, prefixes. */
export function seedDemo(
  state: NetboxEmulatorState,
  sqlPath: string = DEMO_SQL_PATH,
): void {
  const blocks = parseCopyBlocks(readFileSync(sqlPath, 'utf8'));
  const rows = (table: string): Raw[] => {
    const block = blocks.get(table);
    if (!block) throw new Error(`${sqlPath} has no COPY block for ${table}`);
    return block.rows;
  };
  const contentTypes = new Map(
    rows('django_content_type').map(r => [r.id, `${r.app_label}.${r.model}`]),
  );
  const contentType = (id: string | null) =>
    id ? contentTypes.get(id) ?? null : null;

  for (const r of rows('dcim_region')) {
    state.insert('dcim/regions', {
      ...common(r),
      name: text(r.name),
      slug: text(r.slug),
      description: text(r.description),
      parent: int(r.parent_id),
    });
  }
  for (const r of rows('dcim_sitegroup')) {
    state.insert('dcim/site-groups', {
      ...common(r),
      name: text(r.name),
      slug: text(r.slug),
      description: text(r.description),
      parent: int(r.parent_id),
      comments: '',
    });
  }
  for (const r of rows('tenancy_tenantgroup')) {
    state.insert('tenancy/tenant-groups', {
      ...common(r),
      name: text(r.name),
      slug: text(r.slug),
      description: text(r.description),
      parent: int(r.parent_id),
    });
  }
  for (const r of rows('tenancy_tenant')) {
    state.insert('tenancy/tenants', {
      ...common(r),
      name: text(r.name),
      slug: text(r.slug),
      description: text(r.description),
      comments: text(r.comments),
      group: int(r.group_id),
    });
  }
  for (const r of rows('dcim_site')) {
    state.insert('dcim/sites', {
      ...common(r),
      name: text(r.name),
      slug: text(r.slug),
      status: text(r.status),
      facility: text(r.facility),
      time_zone: r.time_zone || null,
      description: text(r.description),
      physical_address: text(r.physical_address),
      shipping_address: text(r.shipping_address),
      latitude: r.latitude === null ? null : Number(r.latitude),
      longitude: r.longitude === null ? null : Number(r.longitude),
      comments: text(r.comments),
      group: int(r.group_id),
      region: int(r.region_id),
      tenant: int(r.tenant_id),
    });
  }
  for (const r of rows('ipam_role')) {
    state.insert('ipam/roles', {
      ...common(r),
      name: text(r.name),
      slug: text(r.slug),
      weight: int(r.weight) ?? 1000,
      description: text(r.description),
    });
  }
  for (const r of rows('ipam_vrf')) {
    state.insert('ipam/vrfs', {
      ...common(r),
      name: text(r.name),
      rd: r.rd,
      enforce_unique: bool(r.enforce_unique),
      description: text(r.description),
      tenant: int(r.tenant_id),
      comments: text(r.comments),
    });
  }
  for (const r of rows('ipam_vlangroup')) {
    state.insert('ipam/vlan-groups', {
      ...common(r),
      name: text(r.name),
      slug: text(r.slug),
      scope_type: contentType(r.scope_type_id),
      scope_id: int(r.scope_id),
      vid_ranges: parseRanges(r.vid_ranges),
      tenant: null,
      description: text(r.description),
    });
  }
  for (const r of rows('ipam_vlan')) {
    state.insert('ipam/vlans', {
      ...common(r),
      vid: Number(r.vid),
      name: text(r.name),
      status: text(r.status),
      description: text(r.description),
      group: int(r.group_id),
      role: int(r.role_id),
      site: int(r.site_id),
      tenant: int(r.tenant_id),
      comments: text(r.comments),
      qinq_role: r.qinq_role || null,
      qinq_svlan: int(r.qinq_svlan_id),
    });
  }
  for (const r of rows('ipam_prefix')) {
    state.insert('ipam/prefixes', {
      ...common(r),
      prefix: text(r.prefix),
      status: text(r.status),
      is_pool: bool(r.is_pool),
      mark_utilized: bool(r.mark_utilized),
      description: text(r.description),
      comments: text(r.comments),
      role: int(r.role_id),
      tenant: int(r.tenant_id),
      vlan: int(r.vlan_id),
      vrf: int(r.vrf_id),
      scope_type: contentType(r.scope_type_id),
      scope_id: int(r.scope_id),
      _children: int(r._children) ?? 0,
      _depth: int(r._depth) ?? 0,
    });
  }
}

export interface SyntheticOptions {
  /** VLANs to add, spread over synthetic VLAN groups of up to 4094 (vid 1-4094 each). */
  vlans?: number;
  /** /24 prefixes to add from 10.128.0.0/9 (at most 32768), linked round-robin to the VLANs. */
  prefixes?: number;
}

const SYNTHETIC_EPOCH = parseTimestamp('2025-01-01T00:00:00Z')!;

/**
 * Adds generated VLANs and prefixes for large-table benchmarks. `last_updated` steps one second per
 * object from 2025-01-01T00:00:00Z, so `last_updated__gte` can select a known tail.
 */
export function seedSynthetic(
  state: NetboxEmulatorState,
  options: SyntheticOptions,
): void {
  const vlanCount = options.vlans ?? 0;
  const prefixCount = options.prefixes ?? 0;
  if (prefixCount > 32768)
    throw new Error('At most 32768 synthetic prefixes fit 10.128.0.0/9');
  const groups: number[] = [];
  for (let g = 0; g * 4094 < vlanCount; g++) {
    const t = SYNTHETIC_EPOCH;
    groups.push(
      state.insert('ipam/vlan-groups', {
        name: `Synthetic ${g + 1}`,
        slug: `synthetic-${g + 1}`,
        scope_type: null,
        scope_id: null,
        vid_ranges: [[1, 4094]],
        tenant: null,
        description: 'generated',
        custom_fields: {},
        created: t,
        last_updated: t,
      }).id,
    );
  }
  const vlanIds: number[] = [];
  for (let i = 0; i < vlanCount; i++) {
    const t = SYNTHETIC_EPOCH + i * 1_000_000;
    vlanIds.push(
      state.insert('ipam/vlans', {
        vid: (i % 4094) + 1,
        name: `SYN-${i + 1}`,
        status: 'active',
        description: '',
        group: groups[Math.floor(i / 4094)],
        role: null,
        site: null,
        tenant: null,
        comments: '',
        qinq_role: null,
        qinq_svlan: null,
        custom_fields: {},
        created: t,
        last_updated: t,
      }).id,
    );
  }
  for (let j = 0; j < prefixCount; j++) {
    const t = SYNTHETIC_EPOCH + j * 1_000_000;
    const base = 0x0a800000 + j * 256;
    const octets = [24, 16, 8, 0].map(s => (base >>> s) & 0xff);
    state.insert('ipam/prefixes', {
      prefix: `${octets.join('.')}/24`,
      status: 'active',
      is_pool: false,
      mark_utilized: false,
      description: '',
      comments: '',
      role: null,
      tenant: null,
      vlan: vlanIds.length > 0 ? vlanIds[j % vlanIds.length] : null,
      vrf: null,
      scope_type: null,
      scope_id: null,
      _children: 0,
      _depth: 0,
      custom_fields: {},
      created: t,
      last_updated: t,
    });
  }
}
