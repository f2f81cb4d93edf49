import { mockServices } from '@backstage/backend-test-utils';
import { EventParams, EventsService } from '@backstage/plugin-events-node';
import { VSPHERE_CHANGED_TOPIC } from '@infra-inventory/plugin-infra-common';
import { Inventory, MoRef } from '@infra-inventory/plugin-infra-node';
import { vsphereEntityName } from '../transform/entityName';
import { VsphereChangePublisher } from './VsphereChangePublisher';

const ref = (type: string, value: string): MoRef => ({ type, value });
const C7 = ref('ClusterComputeResource', 'domain-c7');
const C8 = ref('ClusterComputeResource', 'domain-c8');

/** Two clusters of two hosts; a datastore and a network on both, one only on c7. */
function inventory(hostOf: Record<string, MoRef> = {}): Inventory {
  const host = (value: string, cluster: MoRef) => ({
    moref: ref('HostSystem', value),
    name: value,
    parent: hostOf[value] ?? cluster,
    identifiers: [],
    datastores: [],
  });
  return {
    datacenters: [{ moref: ref('Datacenter', 'datacenter-2'), name: 'dc' }],
    computeResources: [
      { moref: C7, name: 'c7', isCluster: true },
      { moref: C8, name: 'c8', isCluster: true },
    ],
    hosts: [
      host('host-1', C7),
      host('host-2', C7),
      host('host-3', C8),
      host('host-4', C8),
    ],
    resourcePools: [
      {
        moref: ref('ResourcePool', 'resgroup-7'),
        name: 'Resources',
        parent: C7,
      },
      {
        moref: ref('ResourcePool', 'resgroup-70'),
        name: 'dev',
        parent: ref('ResourcePool', 'resgroup-7'),
      },
      {
        moref: ref('VirtualApp', 'resgroup-v71'),
        name: 'app',
        parent: ref('ResourcePool', 'resgroup-70'),
      },
    ],
    vms: [
      {
        moref: ref('VirtualMachine', 'vm-10'),
        name: 'tpl',
        template: true,
        host: ref('HostSystem', 'host-3'),
        networks: [],
        datastores: [],
        customValues: [],
      },
      {
        moref: ref('VirtualMachine', 'vm-11'),
        name: 'tpl-in-vapp',
        template: true,
        resourcePool: ref('VirtualApp', 'resgroup-v71'),
        networks: [],
        datastores: [],
        customValues: [],
      },
      {
        moref: ref('VirtualMachine', 'vm-12'),
        name: 'plain-vm',
        template: false,
        host: ref('HostSystem', 'host-1'),
        networks: [],
        datastores: [],
        customValues: [],
      },
    ],
    datastores: [
      {
        moref: ref('Datastore', 'datastore-1'),
        name: 'shared',
        hostMounts: [
          { host: ref('HostSystem', 'host-1') },
          { host: ref('HostSystem', 'host-4') },
        ],
        vms: [],
      },
      {
        moref: ref('Datastore', 'datastore-2'),
        name: 'local',
        hostMounts: [{ host: ref('HostSystem', 'host-2') }],
        vms: [],
      },
    ],
    networks: [
      {
        moref: ref('DistributedVirtualPortgroup', 'dvportgroup-9'),
        name: 'pg',
        hosts: [ref('HostSystem', 'host-3')],
        vms: [],
      },
    ],
    distributedSwitches: [],
    folders: [],
    triggeredAlarms: [],
    missing: [],
    stats: {} as Inventory['stats'],
  } as Inventory;
}

const name = (m: MoRef) => vsphereEntityName('lab', m);

describe('VsphereChangePublisher', () => {
  function setup() {
    const published: EventParams[] = [];
    const events: EventsService = {
      publish: async p => {
        published.push(p);
      },
      subscribe: async () => {},
    };
    const publisher = new VsphereChangePublisher({
      events,
      vcenterId: 'lab',
      logger: mockServices.logger.mock(),
    });
    return { publisher, published };
  }

  it('names the clusters each kind of change feeds', async () => {
    const { publisher, published } = setup();
    const inv = inventory();
    const clustersFor = async (objects: string[]) =>
      (await publisher.publish({ inventory: inv, changedObjects: objects }))
        ?.clusters;

    expect(await clustersFor(['Datastore:datastore-1'])).toEqual([
      'domain-c7',
      'domain-c8',
    ]);
    expect(await clustersFor(['Datastore:datastore-2'])).toEqual(['domain-c7']);
    // a template through its host; a VM in a nested vApp through the pools up to the cluster
    expect(await clustersFor(['VirtualMachine:vm-10'])).toEqual(['domain-c8']);
    expect(await clustersFor(['VirtualMachine:vm-11'])).toEqual(['domain-c7']);
    expect(
      await clustersFor(['DistributedVirtualPortgroup:dvportgroup-9']),
    ).toEqual(['domain-c8']);
    expect(await clustersFor(['HostSystem:host-2'])).toEqual(['domain-c7']);
    // nothing a cluster shows (a VM that is not a template, a folder): no event at all
    expect(await clustersFor(['VirtualMachine:vm-12'])).toBeUndefined();
    expect(await clustersFor(['Folder:group-v3'])).toBeUndefined();
    expect(published).toHaveLength(6);
    expect(published[0]).toEqual({
      topic: VSPHERE_CHANGED_TOPIC,
      eventPayload: { vcenter: 'lab', clusters: ['domain-c7', 'domain-c8'] },
    });
  });

  it('maps entity names back to objects, flags list changes, and remembers removed objects', async () => {
    const { publisher } = setup();
    expect(
      await publisher.publish({
        inventory: inventory(),
        changedEntities: [name(C8)],
      }),
    ).toEqual({ vcenter: 'lab', clusters: ['domain-c8'], datacenters: true });

    // host-2 moved to c8: both clusters; vm-10 gone: where it was
    const moved = inventory({ 'host-2': C8 });
    moved.vms = moved.vms.filter(v => v.moref.value !== 'vm-10');
    expect(
      await publisher.publish({
        inventory: moved,
        changedObjects: ['HostSystem:host-2'],
      }),
    ).toEqual({ vcenter: 'lab', clusters: ['domain-c7', 'domain-c8'] });
    const removedAgain = inventory({ 'host-2': C8 });
    removedAgain.vms = [];
    expect(
      await publisher.publish({
        inventory: removedAgain,
        removedEntities: [name(ref('VirtualMachine', 'vm-11'))],
      }),
    ).toEqual({ vcenter: 'lab', clusters: ['domain-c7'] });
    // nothing changed: nothing published
    expect(
      await publisher.publish({
        inventory: removedAgain,
        changedEntities: [],
        removedEntities: [],
      }),
    ).toBeUndefined();
  });

  it('publishes through its hook in order and never throws', async () => {
    const logger = mockServices.logger.mock();
    const publisher = new VsphereChangePublisher({
      events: {
        publish: async () => {
          throw new Error('bus down');
        },
        subscribe: async () => {},
      },
      vcenterId: 'lab',
      logger,
    });
    expect(() =>
      publisher.hook({
        inventory: inventory(),
        changedObjects: ['HostSystem:host-1'],
      }),
    ).not.toThrow();
    await publisher.settled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('bus down'),
    );
  });
});
