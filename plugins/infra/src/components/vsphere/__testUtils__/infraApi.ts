/** Test-only: an InfraApi answering with resources and alarms of the fixture cluster `domain-c7`. */
import {
  ClusterAlarmsResponse,
  ClusterUsageResponse,
  ClusterResourcesResponse,
} from '@infra-inventory/plugin-infra-common';
import { InfraApi } from '../../../api';

const fresh = { stale: false, ageMs: 0 };

/** What the backend answers for `lab`/`domain-c7`: everything fresh, templates read. */
export function clusterResources(
  overrides: Partial<ClusterResourcesResponse> = {},
): ClusterResourcesResponse {
  return {
    vcenter: 'lab',
    cluster: 'domain-c7',
    pools: {
      ...fresh,
      items: [
        { id: 'resgroup-8', name: 'Resources', kind: 'pool' },
        {
          id: 'resgroup-50',
          name: 'prod',
          parentId: 'resgroup-8',
          kind: 'pool',
        },
        {
          id: 'resgroup-51',
          name: 'web-vapp',
          parentId: 'resgroup-50',
          kind: 'vapp',
        },
      ],
    },
    networks: {
      ...fresh,
      items: [
        {
          id: 'dvportgroup-21',
          name: 'VLAN 120 – app',
          kind: 'portgroup',
          vlanId: 120,
        },
        {
          id: 'dvportgroup-22',
          name: 'trunk',
          kind: 'portgroup',
          vlanTrunk: '100-199,300',
        },
        { id: 'network-12', name: 'VM Network', kind: 'standard' },
      ],
    },
    datastores: {
      ...fresh,
      items: [
        {
          id: 'datastore-15',
          name: 'vsan-01',
          type: 'vsan',
          capacityBytes: 1e13,
          freeBytes: 4e12,
          accessible: true,
        },
      ],
    },
    templates: {
      ...fresh,
      loading: false,
      total: 1,
      truncated: false,
      items: [
        {
          id: 'vm-102',
          name: 'ubuntu-24.04-template',
          guestOs: 'Ubuntu Linux (64-bit)',
          numCpu: 2,
          memoryMb: 4096,
        },
      ],
    },
    ...overrides,
  };
}

/** Two alarms: a yellow one on a VM, then a newer red one on a host. */
export function clusterAlarms(
  overrides: Partial<ClusterAlarmsResponse['alarms']> = {},
): ClusterAlarmsResponse {
  return {
    vcenter: 'lab',
    cluster: 'domain-c7',
    alarms: {
      ...fresh,
      items: [
        {
          entityId: 'vm-100',
          entityType: 'VirtualMachine',
          entityName: 'web-01',
          alarmId: 'alarm-5',
          alarmName: 'Virtual machine memory usage',
          status: 'yellow',
          time: '2026-11-23T10:00:00Z',
          acknowledged: false,
        },
        {
          entityId: 'host-10',
          entityType: 'HostSystem',
          entityName: 'esx-10.lab',
          alarmId: 'alarm-1',
          alarmName: 'Host connection failure',
          status: 'red',
          time: '2026-11-23T11:00:00Z',
          acknowledged: true,
        },
      ],
      ...overrides,
    },
  };
}

/** An InfraApi whose every method is a jest mock; the cluster reads answer the fixtures. */
/** 2 hosts using 30 GHz of 40 GHz effective and 460 GB of 512 GB. */
export function clusterUsage(
  overrides: Partial<ClusterUsageResponse> = {},
): ClusterUsageResponse {
  return {
    vcenter: 'lab',
    cluster: 'domain-c7',
    usage: {
      cpuUsedMhz: 30_000,
      cpuEffectiveMhz: 40_000,
      memoryUsedMb: 471_040,
      memoryEffectiveMb: 524_288,
      hostsReporting: 2,
    },
    ...fresh,
    ...overrides,
  };
}

export function fakeInfraApi(overrides: Partial<InfraApi> = {}): InfraApi {
  return {
    getStatus: jest.fn(),
    getSyncStatus: jest.fn(),
    triggerSync: jest.fn(),
    getClusterResources: jest.fn(async () => clusterResources()),
    getClusterAlarms: jest.fn(async () => clusterAlarms()),
    getClusterUsage: jest.fn(async () => clusterUsage()),
    ...overrides,
  };
}
