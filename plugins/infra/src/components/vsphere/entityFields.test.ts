import { fixture, FIXTURE_LOCAL_DS } from './__testUtils__/entities';
import {
  byType,
  clusterFields,
  clusterRef,
  datastoreFields,
  displayName,
  entityRef,
  hostFields,
  inMaintenance,
  networkFields,
  relationRefs,
  vmFields,
  vsphereStates,
  vsphereType,
} from './entityFields';

describe('entityFields', () => {
  it('reads the figures the provider puts in spec.vsphere, converting MB', () => {
    expect(clusterFields(fixture('lab-domain-c7'))).toMatchObject({
      cpuMhz: 40000,
      effectiveCpuMhz: 36000,
      effectiveMemoryBytes: 250000 * 1024 * 1024,
      ha: true,
      drsBehavior: 'fullyAutomated',
    });
    expect(hostFields(fixture('lab-host-10'))).toMatchObject({
      vendor: 'Dell Inc.',
      serial: 'ABC1234',
      cpuCores: 32,
    });
    expect(vmFields(fixture('lab-vm-100'))).toMatchObject({
      cpus: 4,
      memoryBytes: 8 * 1024 ** 3,
      ip: '10.0.0.5',
    });
    expect(networkFields(fixture('lab-dvportgroup-22')).vlan).toBe(
      'trunk:100-199,300',
    );
  });

  it('derives used and provisioned space of a datastore', () => {
    expect(datastoreFields(fixture('lab-datastore-15'))).toMatchObject({
      usedBytes: 6e12,
      provisionedBytes: 14e12,
    });
    expect(datastoreFields(fixture(FIXTURE_LOCAL_DS))).toMatchObject({
      type: 'VMFS',
      usedBytes: undefined,
      provisionedBytes: undefined,
    });
  });

  it('tolerates missing or odd figures', () => {
    const odd = {
      ...fixture('lab-host-10'),
      spec: { type: 'vsphere-host', vsphere: { cpuCores: 'many', vendor: 3 } },
    };
    expect(hostFields(odd)).toMatchObject({
      cpuCores: undefined,
      vendor: undefined,
      // the serial annotation still answers
      serial: 'ABC1234',
    });
    expect(
      clusterFields({ ...odd, spec: { type: 'vsphere-cluster' } }),
    ).toEqual(expect.objectContaining({ cpuMhz: undefined }));
  });

  it('reads states from labels and relations from the catalog', () => {
    expect(vsphereStates(fixture('lab-host-31'))).toMatchObject({
      connection: 'disconnected',
      alarm: 'red',
    });
    expect(inMaintenance(fixture('lab-host-11'))).toBe(true);
    expect(inMaintenance(fixture('lab-host-10'))).toBe(false);
    expect(clusterRef(fixture('lab-vm-100'))).toBe(
      'resource:default/lab-domain-c7',
    );
    expect(clusterRef(fixture('lab-vm-102'))).toBeUndefined();
    expect(relationRefs(fixture('lab-host-10'), 'dependencyOf')).toEqual([
      'resource:default/lab-vm-100',
      'resource:default/lab-vm-103',
    ]);
    expect(entityRef(fixture('lab-host-10'))).toBe(
      'resource:default/lab-host-10',
    );
    expect(displayName(fixture('lab-domain-c7'))).toBe('Prod "Gold" ✓');
    expect(vsphereType(fixture('lab-vm-102'))).toBe('vsphere-vm-template');
    expect(
      byType(
        [fixture('lab-vm-100'), undefined, fixture('lab-host-10')],
        'vsphere-host',
      ).map(e => e.metadata.name),
    ).toEqual(['lab-host-10']);
  });
});
