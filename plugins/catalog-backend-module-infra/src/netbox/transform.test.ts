import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { emptyInventory, NetboxInventory } from './inventory';
import {
  buildNetboxEntities,
  prefixDhcp,
  LABEL_SITE,
  LABEL_SITE_GROUP,
  LABEL_STATUS,
  LABEL_TENANT,
} from './transform';

// the same policies the catalog applies to provider-emitted entities
const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

const byName = (entities: Entity[]) =>
  Object.fromEntries(entities.map(e => [e.metadata.name, e]));

function testInventory(): NetboxInventory {
  const inv = emptyInventory();
  inv.siteGroups.set(1, {
    id: 1,
    name: 'Europe & "West"',
    slug: 'eu-west',
    parent: { id: 2 },
  });
  inv.siteGroups.set(2, { id: 2, name: 'World', slug: 'world' });
  inv.sites.set(10, {
    id: 10,
    name: 'Paris DC',
    slug: 'par1',
    status: { value: 'active' },
    group: { id: 1 },
    description: 'Paris, rooms 1-3',
  });
  inv.sites.set(11, { id: 11, name: 'Lone', slug: 'lone', group: null });
  inv.tenants.set(5, { id: 5, name: 'Acme <Corp>', slug: 'acme' });
  inv.tenants.set(6, { id: 6, name: 'Other', slug: 'other' });
  inv.roles.set(3, { id: 3, name: 'Data', slug: 'data' });
  inv.vrfs.set(2, { id: 2, name: 'PROD ✓', rd: '65000:1', tenant: null });
  inv.vrfs.set(4, { id: 4, name: 'Unused', rd: null, tenant: { id: 6 } });
  inv.vlanGroups.set(7, {
    id: 7,
    name: 'Group in EU',
    slug: 'grp-eu',
    scope_type: 'dcim.sitegroup',
    scope_id: 1,
  });
  inv.vlanGroups.set(8, {
    id: 8,
    name: 'Site group',
    slug: 'grp-site',
    scope_type: 'dcim.site',
    scope_id: 11,
  });
  inv.vlanGroups.set(9, { id: 9, name: 'Global', slug: 'global' });
  inv.vlans.set(100, {
    id: 100,
    vid: 42,
    name: 'Data & <mgmt>',
    status: { value: 'active' },
    group: { id: 7 },
    tenant: { id: 5 },
    role: { id: 3 },
    description: 'the data VLAN',
  });
  inv.vlans.set(101, { id: 101, vid: 43, name: 'lone', group: { id: 8 } });
  inv.prefixes.set(200, {
    id: 200,
    prefix: '10.0.0.0/24',
    status: { value: 'active' },
    vlan: { id: 100 },
    vrf: { id: 2 },
    scope_type: 'dcim.site',
    scope_id: 10,
    tenant: { id: 5 },
    description: '[dhcp] app servers',
  });
  inv.prefixes.set(201, {
    id: 201,
    prefix: '2001:db8::/48',
    scope_type: 'dcim.sitegroup',
    scope_id: 1,
  });
  // points to a VLAN the read does not have (another tenant): no dangling relation
  inv.prefixes.set(202, { id: 202, prefix: '10.9.0.0/16', vlan: { id: 999 } });
  return inv;
}

const options = {
  instanceId: 'lab',
  url: 'https://netbox.example.com',
  owner: 'group:default/network',
};

describe('buildNetboxEntities', () => {
  const entities = buildNetboxEntities(testInventory(), options);
  const e = byName(entities);

  it('emits one valid Resource per VLAN, prefix, VLAN group, VRF, site, site group and tenant', async () => {
    expect(Object.keys(e).sort()).toEqual(
      [
        'lab-site-10',
        'lab-site-11',
        'lab-sitegroup-1',
        'lab-sitegroup-2',
        'lab-tenant-5',
        'lab-tenant-6',
        'lab-vlan-100',
        'lab-vlan-101',
        'lab-prefix-200',
        'lab-prefix-201',
        'lab-prefix-202',
        'lab-vlangroup-7',
        'lab-vlangroup-8',
        'lab-vlangroup-9',
        'lab-vrf-2',
        'lab-vrf-4',
      ].sort(),
    );
    for (const entity of entities) {
      await expect(policy.enforce(entity)).resolves.toBeDefined();
      await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
        true,
      );
    }
  });

  it('keeps real names in titles and links every object to its NetBox page', () => {
    expect(e['lab-vlan-100'].metadata.title).toBe('Data & <mgmt> (42)');
    expect(e['lab-vrf-2'].metadata.title).toBe('PROD ✓');
    expect(e['lab-prefix-201'].metadata.title).toBe('2001:db8::/48');
    expect(e['lab-vlan-100'].metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': 'netbox:https://netbox.example.com',
      'backstage.io/view-url': 'https://netbox.example.com/ipam/vlans/100/',
      'netbox.infra-inventory.io/instance': 'lab',
      'netbox.infra-inventory.io/id': '100',
      'netbox.infra-inventory.io/url':
        'https://netbox.example.com/ipam/vlans/100/',
    });
    expect(
      e['lab-vlangroup-7'].metadata.annotations![
        'netbox.infra-inventory.io/url'
      ],
    ).toBe('https://netbox.example.com/ipam/vlan-groups/7/');
  });

  it('relates each NetBox reference once, and never to what is missing', () => {
    const R = 'resource:default/';
    expect(e['lab-prefix-200'].spec!.dependsOn).toEqual([
      `${R}lab-vlan-100`,
      `${R}lab-vrf-2`,
      `${R}lab-site-10`,
      `${R}lab-tenant-5`,
    ]);
    // the site group comes through the group's scope: the group's relation, not the VLAN's
    expect(e['lab-vlan-100'].spec!.dependsOn).toEqual([
      `${R}lab-vlangroup-7`,
      `${R}lab-tenant-5`,
    ]);
    expect(e['lab-vlangroup-7'].spec!.dependsOn).toEqual([
      `${R}lab-sitegroup-1`,
    ]);
    expect(e['lab-vlangroup-8'].spec!.dependsOn).toEqual([`${R}lab-site-11`]);
    expect(e['lab-prefix-201'].spec!.dependsOn).toEqual([
      `${R}lab-sitegroup-1`,
    ]);
    expect(e['lab-site-10'].spec!.dependsOn).toEqual([`${R}lab-sitegroup-1`]);
    expect(e['lab-sitegroup-1'].spec!.dependsOn).toEqual([
      `${R}lab-sitegroup-2`,
    ]);
    expect(e['lab-vrf-4'].spec!.dependsOn).toEqual([`${R}lab-tenant-6`]);
    expect(e['lab-prefix-202'].spec!.dependsOn).toBeUndefined();
    expect(e['lab-vrf-2'].spec!.dependsOn).toBeUndefined();
    expect(e['lab-site-11'].spec!.dependsOn).toBeUndefined();
    expect(e['lab-sitegroup-2'].spec!.dependsOn).toBeUndefined();
    expect(e['lab-tenant-5'].spec!.dependsOn).toBeUndefined();
  });

  it('renders sites, site groups and tenants with their names and NetBox pages', () => {
    expect(e['lab-site-10'].metadata).toMatchObject({
      title: 'Paris DC',
      description: 'Paris, rooms 1-3',
      labels: { [LABEL_SITE_GROUP]: 'eu-west', [LABEL_STATUS]: 'active' },
      annotations: {
        'backstage.io/managed-by-location': 'netbox:https://netbox.example.com',
        'backstage.io/managed-by-origin-location':
          'netbox:https://netbox.example.com',
        'netbox.infra-inventory.io/instance': 'lab',
        'netbox.infra-inventory.io/id': '10',
        'netbox.infra-inventory.io/url':
          'https://netbox.example.com/dcim/sites/10/',
      },
    });
    expect(e['lab-site-10'].spec).toMatchObject({
      type: 'netbox-site',
      owner: 'group:default/network',
      netbox: {
        name: 'Paris DC',
        slug: 'par1',
        status: 'active',
        siteGroup: 'Europe & "West"',
      },
    });
    expect(e['lab-sitegroup-1'].metadata.title).toBe('Europe & "West"');
    expect(e['lab-sitegroup-1'].spec).toMatchObject({
      type: 'netbox-site-group',
      netbox: { name: 'Europe & "West"', slug: 'eu-west', parent: 'World' },
    });
    expect(
      e['lab-sitegroup-1'].metadata.annotations!['backstage.io/view-url'],
    ).toBe('https://netbox.example.com/dcim/site-groups/1/');
    expect(e['lab-tenant-5'].metadata.title).toBe('Acme <Corp>');
    expect(e['lab-tenant-5'].spec).toMatchObject({
      type: 'netbox-tenant',
      netbox: { name: 'Acme <Corp>', slug: 'acme' },
    });
    expect(
      e['lab-tenant-5'].metadata.annotations!['netbox.infra-inventory.io/url'],
    ).toBe('https://netbox.example.com/tenancy/tenants/5/');
  });

  it('emits no site, site group or tenant switched off, and no relation to one', () => {
    const off = byName(
      buildNetboxEntities(testInventory(), {
        ...options,
        entities: { sites: false, siteGroups: false, tenants: false },
      }),
    );
    expect(
      Object.keys(off).filter(n => /-(site|sitegroup|tenant)-/.test(n)),
    ).toEqual([]);
    expect(off['lab-prefix-200'].spec!.dependsOn).toEqual([
      'resource:default/lab-vlan-100',
      'resource:default/lab-vrf-2',
    ]);
    // the names stay in spec.netbox and labels
    expect(off['lab-prefix-200'].spec!.netbox).toMatchObject({
      site: 'Paris DC',
      tenant: 'Acme <Corp>',
    });
    const noGroups = byName(
      buildNetboxEntities(testInventory(), {
        ...options,
        entities: { siteGroups: false },
      }),
    );
    expect(noGroups['lab-site-10'].spec!.dependsOn).toBeUndefined();
    expect(noGroups['lab-prefix-201'].spec!.dependsOn).toBeUndefined();
  });

  it('places objects in sites and site groups from scopes, sites and VLAN groups', () => {
    // prefix scoped to a site: the site and its group
    expect(e['lab-prefix-200'].metadata.labels).toMatchObject({
      [LABEL_SITE]: 'par1',
      [LABEL_SITE_GROUP]: 'eu-west',
      [LABEL_TENANT]: 'acme',
    });
    expect(e['lab-prefix-200'].spec!.netbox).toMatchObject({
      site: 'Paris DC',
      siteGroup: 'Europe & "West"',
    });
    // prefix scoped to a site group
    expect(e['lab-prefix-201'].metadata.labels).toEqual({
      [LABEL_SITE_GROUP]: 'eu-west',
    });
    // VLAN through its group's scope (the nested group carries none)
    expect(e['lab-vlan-100'].metadata.labels).toMatchObject({
      [LABEL_SITE_GROUP]: 'eu-west',
    });
    expect(e['lab-vlan-100'].spec!.netbox).toMatchObject({
      vid: 42,
      vlanGroup: 'Group in EU',
      tenant: 'Acme <Corp>',
      role: 'Data',
      siteGroup: 'Europe & "West"',
    });
    expect(e['lab-vlan-101'].metadata.labels).toEqual({ [LABEL_SITE]: 'lone' });
    expect(e['lab-vlangroup-9'].metadata.labels).toBeUndefined();
  });

  it('with a tenant filter keeps only the VLAN groups and VRFs in use or of the tenant', () => {
    const inv = testInventory();
    inv.vlans.delete(101);
    const names = buildNetboxEntities(inv, { ...options, tenantId: 6 }).map(
      x => x.metadata.name,
    );
    expect(names).toContain('lab-vlangroup-7');
    expect(names).not.toContain('lab-vlangroup-8');
    expect(names).not.toContain('lab-vlangroup-9');
    expect(names).toContain('lab-vrf-2');
    expect(names).toContain('lab-vrf-4');
  });

  it('with a tenant filter keeps only the sites, site groups and tenants in use, and that tenant', () => {
    const inv = testInventory();
    inv.vlans.delete(101);
    inv.prefixes.delete(201);
    inv.prefixes.delete(202);
    const only = byName(buildNetboxEntities(inv, { ...options, tenantId: 6 }));
    const kept = Object.keys(only).filter(n =>
      /-(site|sitegroup|tenant)-/.test(n),
    );
    // site 10 through prefix 200; its group and that group's parent through the site
    expect(kept.sort()).toEqual(
      [
        'lab-site-10',
        'lab-sitegroup-1',
        'lab-sitegroup-2',
        'lab-tenant-5',
        'lab-tenant-6',
      ].sort(),
    );
    const names = new Set(Object.keys(only).map(n => `resource:default/${n}`));
    for (const x of Object.values(only))
      for (const d of (x.spec!.dependsOn as string[] | undefined) ?? [])
        expect(names).toContain(d);
  });

  it('reads the DHCP flag where the segments API stores it', () => {
    const tagged = byName(
      buildNetboxEntities(testInventory(), {
        ...options,
        dhcp: { kind: 'descriptionTag', tag: '[dhcp]' },
      }),
    );
    expect(tagged['lab-prefix-200'].spec!.netbox).toMatchObject({
      dhcp: true,
    });
    expect(tagged['lab-prefix-200'].metadata.description).toBe('app servers');
    expect(tagged['lab-prefix-201'].spec!.netbox).toMatchObject({
      dhcp: false,
    });
    // without a storage (or without the custom field in NetBox) prefixes say nothing
    expect(e['lab-prefix-200'].spec!.netbox).not.toHaveProperty('dhcp');
    expect(e['lab-prefix-200'].metadata.description).toBe('[dhcp] app servers');

    const field = { kind: 'customField', name: 'dhcp' } as const;
    expect(prefixDhcp({ custom_fields: { dhcp: true } }, field)).toEqual({
      dhcp: true,
      description: undefined,
    });
    expect(
      prefixDhcp({ custom_fields: { dhcp: null }, description: 'x' }, field),
    ).toEqual({ dhcp: false, description: 'x' });
    expect(prefixDhcp({ custom_fields: {} }, field)).toEqual({
      description: undefined,
    });
    expect(prefixDhcp({ custom_fields: null }, field).dhcp).toBeUndefined();
  });

  it('renders the same input to equal entities (stable hashes)', () => {
    expect(buildNetboxEntities(testInventory(), options)).toEqual(entities);
  });
});
