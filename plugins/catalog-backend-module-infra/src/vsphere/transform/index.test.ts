import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  resourceEntityV1alpha1Validator,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { buildVsphereEntities } from '.';
import { catalogTag } from './common';
import { testInventory } from './testInventory';

const defaults = {
  owner: 'group:default/infrastructure',
  entities: {
    vms: true,
    templates: true,
    networks: true,
    include: [],
    exclude: [],
  },
};

const byName = (entities: Entity[]) =>
  Object.fromEntries(entities.map(e => [e.metadata.name, e]));

// the same policies the catalog applies to provider-emitted entities
const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
]);

describe('buildVsphereEntities', () => {
  const entities = buildVsphereEntities(testInventory(), defaults);
  const e = byName(entities);

  it('emits one valid Resource per object, clusters but not standalone compute resources', async () => {
    expect(Object.keys(e)).toHaveLength(14);
    expect(Object.keys(e)).toEqual(
      expect.arrayContaining([
        'lab-datacenter-2',
        'lab-domain-c7',
        'lab-host-10',
        'lab-host-11',
        'lab-host-31',
        'lab-datastore-15',
        expect.stringMatching(/^lab-datastore-[0-9a-f]{16}$/),
        'lab-dvs-20',
        'lab-dvportgroup-21',
        'lab-dvportgroup-22',
        'lab-network-12',
        'lab-vm-100',
        'lab-vm-101',
        'lab-vm-102',
      ]),
    );
    for (const entity of entities) {
      await expect(policy.enforce(entity)).resolves.toBeDefined();
      await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
        true,
      );
    }
  });

  it('keeps real names, escaping characters included, in titles', () => {
    expect(e['lab-datacenter-2'].metadata.title).toBe('DC & Lab <1>');
    expect(e['lab-domain-c7'].metadata.title).toBe('Prod "Gold" ✓');
    expect(e['lab-vm-100'].metadata.title).toBe('web-01 & <api>');
  });

  it('carries both managed-by annotations and the vSphere identity on every entity', () => {
    for (const entity of entities) {
      expect(entity.metadata.annotations).toMatchObject({
        'backstage.io/managed-by-location':
          'vsphere:https://vc.example.com/sdk',
        'backstage.io/managed-by-origin-location':
          'vsphere:https://vc.example.com/sdk',
        'vsphere.infra-inventory.io/vcenter': 'lab',
        'vsphere.infra-inventory.io/moref': expect.any(String),
      });
    }
    expect(
      e['lab-vm-100'].metadata.annotations![
        'vsphere.infra-inventory.io/instance-uuid'
      ],
    ).toBe('aaaa-bbbb');
    expect(
      e['lab-host-10'].metadata.annotations![
        'vsphere.infra-inventory.io/serial'
      ],
    ).toBe('ABC1234');
  });

  it('relates datacenter → cluster → host → VM, and storage and networks', () => {
    const deps = (name: string) => e[name].spec!.dependsOn as string[];
    expect(deps('lab-domain-c7')).toEqual([
      'resource:default/lab-datacenter-2',
    ]);
    expect(deps('lab-host-10')).toEqual([
      'resource:default/lab-domain-c7',
      'resource:default/lab-datastore-15',
      `resource:default/${Object.keys(e).find(n =>
        /^lab-datastore-[0-9a-f]{16}$/.test(n),
      )}`,
    ]);
    // its networks are refs for the page, not relations the catalog would stitch
    expect(
      (e['lab-host-10'].spec!.vsphere as { networks?: string[] }).networks,
    ).toEqual([
      'resource:default/lab-dvportgroup-21',
      'resource:default/lab-network-12',
    ]);
    expect(
      (e['lab-host-11'].spec!.vsphere as { networks?: string[] }).networks,
    ).toBeUndefined();
    // a standalone host sits directly in its datacenter
    expect(deps('lab-host-31')![0]).toBe('resource:default/lab-datacenter-2');
    expect(deps('lab-vm-100')).toEqual([
      'resource:default/lab-host-10',
      'resource:default/lab-datastore-15',
      'resource:default/lab-dvportgroup-21',
      'resource:default/lab-network-12',
    ]);
    expect(deps('lab-dvportgroup-21')).toEqual(['resource:default/lab-dvs-20']);
    // templates are not running anywhere: no host relation
    expect(deps('lab-vm-102')).toEqual([
      'resource:default/lab-datastore-15',
      'resource:default/lab-dvportgroup-22',
    ]);
  });

  it('puts the figures the pages need in spec.vsphere and filterable states in labels', () => {
    expect(e['lab-vm-100'].spec!.type).toBe('vsphere-vm');
    expect(e['lab-vm-102'].spec!.type).toBe('vsphere-vm-template');
    expect(e['lab-vm-100'].spec!.vsphere).toEqual({
      cpus: 4,
      memoryMb: 8192,
      guest: 'Ubuntu Linux (64-bit)',
      ip: '10.0.0.5',
      tools: 'toolsOk',
      uuid: 'cccc-dddd',
    });
    expect(e['lab-vm-100'].metadata.labels).toEqual({
      'vsphere.infra-inventory.io/power-state': 'poweredOn',
      'vsphere.infra-inventory.io/cluster': 'lab-domain-c7',
    });
    expect(e['lab-domain-c7'].spec!.vsphere).toMatchObject({
      cpuMhz: 40000,
      effectiveCpuMhz: 36000,
      ha: true,
      drs: true,
      drsBehavior: 'fullyAutomated',
    });
    expect(e['lab-host-11'].metadata.labels).toMatchObject({
      'vsphere.infra-inventory.io/maintenance': 'true',
    });
    expect(e['lab-dvportgroup-21'].spec!.vsphere).toMatchObject({
      vlan: '120',
      vlanId: 120,
    });
    expect(e['lab-dvportgroup-22'].spec!.vsphere).toMatchObject({
      vlan: 'trunk:100-199,300',
    });
  });

  it('shows the worst alarm as a label only, so alarm churn stays out of the body', () => {
    expect(e['lab-host-31'].metadata.labels).toMatchObject({
      'vsphere.infra-inventory.io/alarm': 'red',
    });
    expect(JSON.stringify(e['lab-host-31'].spec)).not.toContain('alarm');
  });

  it('carries vSphere tags as catalog tags, and with their real names in spec.vsphere', async () => {
    const tags = [
      { category: 'Environment', name: 'Production' },
      { category: 'Owner', name: 'Team <Blue> & "Co"' },
      { category: 'Owner', name: '–' },
    ];
    const tagged = byName(
      buildVsphereEntities(
        {
          ...testInventory(),
          tags: new Map([['VirtualMachine:vm-100', tags]]),
        },
        defaults,
      ),
    );
    const vm = tagged['lab-vm-100'];
    // a tag with nothing valid left stays out of metadata.tags, not out of the entity
    expect(vm.metadata.tags).toEqual([
      'environment-production',
      'owner-team-blue-co',
    ]);
    expect(vm.spec!.vsphere).toMatchObject({ tags, cpus: 4 });
    await expect(policy.enforce(vm)).resolves.toBeDefined();
    expect(tagged['lab-vm-101'].metadata.tags).toBeUndefined();
    expect(JSON.stringify(tagged['lab-vm-101'].spec)).not.toContain('tags');
  });

  it.each([
    [{ category: 'Environment', name: 'Production' }, 'environment-production'],
    [
      { category: 'Backup Policy', name: 'Gold – daily' },
      'backup-policy-gold-daily',
    ],
    [{ category: 'Région', name: 'Île-de-France' }, 'region-ile-de-france'],
    [{ category: 'C++', name: '#1' }, 'c++-#1'],
    [{ category: '', name: 'Loose' }, 'loose'],
    [{ category: 'Owner', name: '!!!' }, undefined],
    [{ category: 'Long', name: 'x'.repeat(60) }, undefined],
  ])('turns the vSphere tag %j into the catalog tag %p', (tag, expected) => {
    expect(catalogTag(tag)).toBe(expected);
  });

  it.each([
    ['everything on', defaults],
    [
      'networks off',
      { ...defaults, entities: { ...defaults.entities, networks: false } },
    ],
  ])(
    'renders only the objects asked for, exactly as in the whole set (%s)',
    (_, options) => {
      const whole = byName(buildVsphereEntities(testInventory(), options));
      const part = buildVsphereEntities(testInventory(), {
        ...options,
        only: new Set(['VirtualMachine:vm-100', 'HostSystem:host-10']),
      });
      expect(part.map(x => x.metadata.name).sort()).toEqual([
        'lab-host-10',
        'lab-vm-100',
      ]);
      for (const entity of part) {
        expect(entity).toEqual(whole[entity.metadata.name]);
      }
    },
  );

  it('honours the entity filters and never leaves relations to entities it did not emit', () => {
    const filtered = byName(
      buildVsphereEntities(testInventory(), {
        ...defaults,
        entities: {
          vms: true,
          templates: false,
          networks: false,
          include: [],
          exclude: [/^tmp-/, /^esx-31/],
        },
      }),
    );
    expect(filtered['lab-vm-101']).toBeUndefined(); // excluded by name
    expect(filtered['lab-vm-102']).toBeUndefined(); // template
    expect(filtered['lab-dvportgroup-21']).toBeUndefined(); // networks off
    expect(filtered['lab-host-31']).toBeUndefined();
    expect(filtered['lab-vm-100'].spec!.dependsOn).toEqual([
      'resource:default/lab-host-10',
      'resource:default/lab-datastore-15',
    ]);
  });

  it('emits every entity before the targets of its relations, so each target is stitched about once', () => {
    const position = new Map(
      entities.map((entity, i) => [
        `resource:default/${entity.metadata.name}`,
        i,
      ]),
    );
    let checked = 0;
    entities.forEach((entity, i) => {
      for (const target of (entity.spec?.dependsOn as string[]) ?? []) {
        expect(position.get(target)).toBeGreaterThan(i);
        checked += 1;
      }
    });
    // every kind of relation took part: VM → host/datastore/network, host → cluster/datastores,
    // portgroup → switch, cluster/datastore/switch/network → datacenter
    expect(checked).toBeGreaterThanOrEqual(20);
    expect(entities[0].spec!.type).toBe('vsphere-vm');
    expect(entities[entities.length - 1].spec!.type).toBe('vsphere-datacenter');
  });

  it('is pure: the same inventory renders the same entities', () => {
    expect(buildVsphereEntities(testInventory(), defaults)).toEqual(entities);
  });
});
