import { InputError } from '@backstage/errors';

/**
 * The shape of a simulated vCenter inventory, mapped onto the flags of `vcsim/main.go` (govmomi's
 * `simulator.Model`).
 *
 * How vcsim 0.24.2 counts VMs: `vmsPerPool` VMs go into the root resource pool of every cluster,
 * into the pool of every standalone host, and into every vApp; child resource pools (`resourcePools`)
 * get none. Per datacenter that is `vmsPerPool * (clusters + standaloneHosts + clusters * vapps)`
 * (see {@link expectedVmCount}). Datastores and portgroups are per datacenter; with any portgroup
 * vcsim also creates one DVS and its uplink portgroup, so `DistributedVirtualPortgroup` counts one
 * more than `portgroups`.
 */
export interface VcsimTopology {
  datacenters: number;
  clusters: number;
  hostsPerCluster: number;
  standaloneHosts: number;
  vmsPerPool: number;
  datastores: number;
  portgroups: number;
  /** NSX-backed distributed portgroups per datacenter. */
  nsxPortgroups?: number;
  /** NSX opaque networks per datacenter. */
  opaqueNetworks?: number;
  /** Child resource pools per cluster (empty). */
  resourcePools?: number;
  /** vApps per cluster, each holding `vmsPerPool` VMs. */
  vapps?: number;
  /** How many VMs (the first by name) become templates; they still count as VirtualMachine. */
  templates?: number;
  /** Power the VMs on (default true, as vcsim does). Templates are always off. */
  autostart?: boolean;
}

export type TopologyName = 'demo' | 'small' | 'vms1500' | 'vms10000';

export const topologies: Record<TopologyName, VcsimTopology> = {
  // 3 pools (2 clusters + 1 standalone host) x 10 = 30 VMs, 2 of them templates
  demo: {
    datacenters: 1,
    clusters: 2,
    hostsPerCluster: 3,
    standaloneHosts: 1,
    vmsPerPool: 10,
    datastores: 4,
    portgroups: 3,
    templates: 2,
  },
  // 1 pool x 2 = 2 VMs: the fastest start, for protocol tests
  small: {
    datacenters: 1,
    clusters: 1,
    hostsPerCluster: 2,
    standaloneHosts: 0,
    vmsPerPool: 2,
    datastores: 2,
    portgroups: 1,
  },
  // 5 pools x 300 = 1,500 VMs; a standalone host would add another 300
  vms1500: {
    datacenters: 1,
    clusters: 5,
    hostsPerCluster: 10,
    standaloneHosts: 0,
    vmsPerPool: 300,
    datastores: 20,
    portgroups: 10,
  },
  // 10 pools x 1,000 = 10,000 VMs
  vms10000: {
    datacenters: 1,
    clusters: 10,
    hostsPerCluster: 10,
    standaloneHosts: 0,
    vmsPerPool: 1000,
    datastores: 20,
    portgroups: 10,
  },
};

/** The number of VirtualMachine objects (templates included) vcsim creates for `t`. */
export function expectedVmCount(t: VcsimTopology): number {
  const pools = t.clusters + t.standaloneHosts + t.clusters * (t.vapps ?? 0);
  return t.datacenters * t.vmsPerPool * pools;
}

export function resolveTopology(
  topology: VcsimTopology | TopologyName | undefined,
): VcsimTopology {
  if (topology === undefined) return topologies.small;
  if (typeof topology !== 'string') {
    // vcsim places every VM on LocalDS_0 and panics without it
    if (expectedVmCount(topology) > 0 && topology.datastores < 1) {
      throw new InputError('A vcsim topology with VMs needs a datastore');
    }
    return topology;
  }
  const found = topologies[topology];
  if (!found) {
    throw new InputError(
      `Unknown vcsim topology '${topology}', expected one of ${Object.keys(
        topologies,
      ).join(', ')}`,
    );
  }
  return found;
}

/** The command-line flags of `vcsim/main.go` for `t`. */
export function vcsimArgs(t: VcsimTopology): string[] {
  const flags: Array<[string, number | boolean | undefined]> = [
    ['dc', t.datacenters],
    ['cluster', t.clusters],
    ['host', t.hostsPerCluster],
    ['standalone-host', t.standaloneHosts],
    ['vm', t.vmsPerPool],
    ['ds', t.datastores],
    ['pg', t.portgroups],
    ['nsx-pg', t.nsxPortgroups],
    ['nsx', t.opaqueNetworks],
    ['pool', t.resourcePools],
    ['app', t.vapps],
    ['template', t.templates],
    ['autostart', t.autostart],
  ];
  return flags.flatMap(([name, value]) =>
    value === undefined ? [] : [`-${name}=${value}`],
  );
}
