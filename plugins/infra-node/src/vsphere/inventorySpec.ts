import type { MoRef, PropertyFilterSpec } from './types';

/**
 * What {@link readInventory} reads. Paths are scalar leaves wherever possible: only a top-level
 * value carries its type on the wire, and leaves keep pages small.
 */
export interface InventorySpec {
  /** Types the recursive ContainerView on the root folder collects (subtypes included). */
  viewTypes: readonly string[];
  /**
   * Property paths per managed object type. A type's paths apply to its subtypes too (vCenter
   * and vcsim both merge every matching PropertySpec into one object), so a subtype lists only
   * the paths its base type lacks.
   */
  propertyPaths: Readonly<Record<string, readonly string[]>>;
  /** Read `rootFolder.triggeredAlarmState` in the same call and resolve the alarms' names. */
  alarms: boolean;
}

const ENTITY = ['name', 'parent'];

/** The inventory the catalog provider and the cluster views need. */
export const DEFAULT_INVENTORY_SPEC: InventorySpec = {
  viewTypes: [
    'VirtualMachine',
    'HostSystem',
    'ComputeResource',
    'Datastore',
    'Network',
    'DistributedVirtualSwitch',
    'Datacenter',
    'Folder',
    'ResourcePool',
  ],
  propertyPaths: {
    VirtualMachine: [
      ...ENTITY,
      'config.uuid',
      'config.instanceUuid',
      'config.hardware.numCPU',
      'config.hardware.memoryMB',
      'config.template',
      'config.guestFullName',
      'runtime.powerState',
      'runtime.host',
      'guest.ipAddress',
      'guest.toolsStatus',
      'guest.toolsVersionStatus',
      'summary.storage.committed',
      'summary.storage.uncommitted',
      'network',
      'datastore',
      'resourcePool',
      'customValue',
    ],
    HostSystem: [
      ...ENTITY,
      // the datastores it mounts: vcsim lists only one host in Datastore.host
      'datastore',
      'hardware.systemInfo.vendor',
      'hardware.systemInfo.model',
      'hardware.systemInfo.uuid',
      'hardware.systemInfo.serialNumber',
      'hardware.systemInfo.otherIdentifyingInfo',
      'summary.hardware.numCpuCores',
      'summary.hardware.cpuMhz',
      'summary.hardware.memorySize',
      'config.product.version',
      'config.product.build',
      'runtime.connectionState',
      'runtime.inMaintenanceMode',
      'runtime.powerState',
      'overallStatus',
    ],
    ComputeResource: [
      ...ENTITY,
      'summary.totalCpu',
      'summary.effectiveCpu',
      'summary.totalMemory',
      'summary.effectiveMemory',
      'summary.numHosts',
      'summary.numEffectiveHosts',
      'overallStatus',
    ],
    ClusterComputeResource: [
      'configuration.dasConfig.enabled',
      'configuration.drsConfig.enabled',
      'configuration.drsConfig.defaultVmBehavior',
    ],
    Datastore: [
      ...ENTITY,
      'summary.capacity',
      'summary.freeSpace',
      'summary.uncommitted',
      'summary.type',
      'summary.url',
      'summary.accessible',
      'summary.maintenanceMode',
      'host',
      'vm',
    ],
    Network: [...ENTITY, 'host', 'vm'],
    DistributedVirtualPortgroup: [
      'config.distributedVirtualSwitch',
      'config.uplink',
      'config.defaultPortConfig.vlan',
    ],
    DistributedVirtualSwitch: [...ENTITY, 'uuid'],
    Datacenter: ENTITY,
    Folder: ENTITY,
    ResourcePool: ENTITY,
  },
  alarms: true,
};

/**
 * The RetrievePropertiesEx specSet of one inventory read: everything the view holds, and, in a
 * filter of its own so that other folders do not repeat them, the root folder's triggered alarms.
 */
export function inventoryFilterSpecs(
  view: MoRef,
  rootFolder: MoRef,
  spec: InventorySpec,
): PropertyFilterSpec[] {
  const specs: PropertyFilterSpec[] = [
    {
      propSet: Object.entries(spec.propertyPaths).map(([type, pathSet]) => ({
        type,
        pathSet,
      })),
      objectSet: [
        {
          obj: view,
          skip: true,
          selectSet: [
            {
              name: 'traverseView',
              type: 'ContainerView',
              path: 'view',
              skip: false,
            },
          ],
        },
      ],
    },
  ];
  if (spec.alarms) {
    specs.push({
      propSet: [{ type: 'Folder', pathSet: ['name', 'triggeredAlarmState'] }],
      objectSet: [{ obj: rootFolder, skip: false }],
    });
  }
  return specs;
}
