/*
 * Inventory-shaped catalog entities for the catalog processing benchmarks: what a vCenter
 * entity provider emits (VMs, hosts, clusters, datastores, networks, one owner group, one system),
 * with variants that change one thing at a time (relations, size, owner, system, order).
 */
import { Entity } from '@backstage/catalog-model';

/** How the VM <-> infrastructure relations are expressed. */
export type RelationsVariant =
  /** every VM `spec.dependsOn` its host, one datastore and one network; hosts depend on their cluster */
  | 'vm-3'
  /** every VM `spec.dependsOn` its host only; hosts depend on their cluster */
  | 'vm-1'
  /**
   * relations only on the parent side: hosts list their VMs and clusters their hosts in
   * `spec.dependencyOf` (same relation pair, dependsOn/dependencyOf, created from the parent)
   */
  | 'parent'
  /** no dependsOn/dependencyOf at all (owner and system relations remain) */
  | 'none';

export interface InventoryVariant {
  relations?: RelationsVariant;
  /**
   * `rich`: title, description, 12 `vsphere.infra-inventory.io/*` annotations, 4 labels, 3 tags
   * and a nested `spec.vsphere` block; `lean`: title, 2 vsphere annotations (vcenter, moref),
   * 1 label, and every other figure in ONE compact annotation (`.../summary`, a short string).
   */
  size?: 'rich' | 'lean';
  /** `existing`: the owner group is emitted too; `missing`: referenced but not emitted */
  owner?: 'existing' | 'missing';
  /** set `spec.system` on every resource and emit the System entity */
  system?: boolean;
  /**
   * Order of the emitted array (the catalog processes a mutation's rows in insertion order):
   * `parents-first`: group, system, clusters, hosts, datastores, networks, then VMs;
   * `parents-last`: VMs first; `owner-last`: infrastructure, VMs, then group and system.
   */
  order?: 'parents-first' | 'parents-last' | 'owner-last';
  /**
   * Location ref type of `backstage.io/managed-by-location`: `url` (the vCenter SDK address, as
   * many providers do; makes the catalog add view-url/source-location annotations) or `vsphere`
   * (an opaque `vsphere:<vcenter>` ref).
   */
  locationType?: 'url' | 'vsphere';
}

export interface InventoryShape {
  vms: number;
  hosts: number;
  clusters: number;
  datastores: number;
  networks: number;
  /** vCenter id, the name prefix; default `vc1` */
  vcenter?: string;
  variant?: InventoryVariant;
}

export const BASELINE_VARIANT: Required<InventoryVariant> = {
  relations: 'vm-3',
  size: 'rich',
  owner: 'existing',
  system: true,
  order: 'parents-first',
  locationType: 'url',
};

/** Infrastructure counts for a VM count, the proportions of the vcsim `vms1500` topology. */
export function inventoryShapeFor(
  vms: number,
): Omit<InventoryShape, 'variant'> {
  return {
    vms,
    hosts: Math.max(1, Math.round((vms * 3) / 100)),
    clusters: Math.max(1, Math.round(vms / 300)),
    datastores: Math.max(1, Math.round(vms / 50)),
    networks: Math.max(1, Math.round(vms / 75)),
  };
}

/** Structural (non-VM) entities are those whose `spec.type` is not `vsphere-vm`. */
export function isStructural(entity: Entity): boolean {
  return (entity.spec as { type?: string } | undefined)?.type !== 'vsphere-vm';
}

const OWNER = 'group:default/infra-platform';
const ANN = 'vsphere.infra-inventory.io';
const LABEL = 'infra-inventory.io';

// deterministic pseudo-random figures, so every run emits the same entities
function figures(i: number) {
  const h = (i * 2654435761) >>> 0;
  return {
    cpu: [1, 2, 4, 8, 16][h % 5],
    memMb: [2048, 4096, 8192, 16384, 32768][(h >>> 3) % 5],
    diskGb: 20 + ((h >>> 6) % 480),
    powerState: h % 11 === 0 ? 'poweredOff' : 'poweredOn',
    guestOs: ['ubuntu64Guest', 'rhel9_64Guest', 'windows2019srv_64Guest'][
      (h >>> 9) % 3
    ],
    env: ['prod', 'staging', 'dev'][(h >>> 12) % 3],
    ip: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
    uuid: `5012${h.toString(16).padStart(8, '0')}-${(i % 65536)
      .toString(16)
      .padStart(4, '0')}-4c3a-9e1b-${(h ^ 0x5bd1e995)
      .toString(16)
      .padStart(12, '0')
      .slice(0, 12)}`,
  };
}

/**
 * Builds the entities a vCenter provider would emit. Names are `<vcenter>-<moref>`
 * (`vc1-vm-1234`, `vc1-host-12`, `vc1-domain-c3`, `vc1-datastore-7`, `vc1-network-4`).
 */
export function inventoryShapedEntities(shape: InventoryShape): Entity[] {
  const v: Required<InventoryVariant> = {
    ...BASELINE_VARIANT,
    ...shape.variant,
  };
  const vc = shape.vcenter ?? 'vc1';
  const vcUrl = `https://${vc}.example.internal/sdk`;
  const location = v.locationType === 'url' ? `url:${vcUrl}` : `vsphere:${vc}`;
  const systemName = `vsphere-${vc}`;
  const ref = (name: string) => `resource:default/${name}`;
  const hostName = (i: number) => `${vc}-host-${i + 10}`;
  const clusterName = (i: number) => `${vc}-domain-c${i + 7}`;
  const dsName = (i: number) => `${vc}-datastore-${i + 100}`;
  const netName = (i: number) => `${vc}-network-${i + 20}`;
  const vmName = (i: number) => `${vc}-vm-${i + 1000}`;
  const hostOfVm = (i: number) => i % shape.hosts;
  const clusterOfHost = (h: number) => h % shape.clusters;

  const baseAnnotations = (moref: string, type: string) => ({
    'backstage.io/managed-by-location': location,
    'backstage.io/managed-by-origin-location': location,
    [`${ANN}/vcenter`]: vc,
    [`${ANN}/moref`]: moref,
    ...(v.size === 'rich' ? { [`${ANN}/moref-type`]: type } : {}),
  });

  const resource = (
    name: string,
    type: string,
    morefType: string,
    moref: string,
    title: string,
    extra: {
      annotations?: Record<string, string>;
      labels?: Record<string, string>;
      summary?: string;
      spec?: Record<string, unknown>;
      dependsOn?: string[];
      dependencyOf?: string[];
      description?: string;
    },
  ): Entity => {
    const rich = v.size === 'rich';
    const annotations: Record<string, string> = {
      ...baseAnnotations(moref, morefType),
      ...(rich ? extra.annotations : {}),
      ...(!rich && extra.summary ? { [`${ANN}/summary`]: extra.summary } : {}),
    };
    const labels: Record<string, string> = rich
      ? { [`${LABEL}/vcenter`]: vc, ...extra.labels }
      : { [`${LABEL}/vcenter`]: vc };
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        title,
        ...(rich && extra.description
          ? { description: extra.description }
          : {}),
        annotations,
        labels,
        ...(rich ? { tags: ['vsphere', type.replace(/^vsphere-/, '')] } : {}),
      },
      spec: {
        type,
        owner: OWNER,
        ...(v.system ? { system: systemName } : {}),
        ...(extra.dependsOn?.length ? { dependsOn: extra.dependsOn } : {}),
        ...(extra.dependencyOf?.length
          ? { dependencyOf: extra.dependencyOf }
          : {}),
        ...(rich ? extra.spec : {}),
      },
    };
  };

  const vmsOfHost: string[][] = Array.from({ length: shape.hosts }, () => []);
  const hostsOfCluster: string[][] = Array.from(
    { length: shape.clusters },
    () => [],
  );

  const vms: Entity[] = [];
  for (let i = 0; i < shape.vms; i++) {
    const f = figures(i);
    const h = hostOfVm(i);
    const ds = i % shape.datastores;
    const net = (i * 7) % shape.networks;
    vmsOfHost[h].push(ref(vmName(i)));
    const guestName = `app-${f.env}-${i + 1000}`;
    let dependsOn: string[] = [];
    if (v.relations === 'vm-3') {
      dependsOn = [ref(hostName(h)), ref(dsName(ds)), ref(netName(net))];
    } else if (v.relations === 'vm-1') {
      dependsOn = [ref(hostName(h))];
    }
    vms.push(
      resource(
        vmName(i),
        'vsphere-vm',
        'VirtualMachine',
        `vm-${i + 1000}`,
        `${guestName} (VM)`,
        {
          description: `Virtual machine ${guestName} on ${vc}, ${f.guestOs}`,
          annotations: {
            [`${ANN}/instance-uuid`]: f.uuid,
            [`${ANN}/power-state`]: f.powerState,
            [`${ANN}/guest-os`]: f.guestOs,
            [`${ANN}/guest-hostname`]: `${guestName}.corp.example`,
            [`${ANN}/ip-address`]: f.ip,
            [`${ANN}/num-cpu`]: String(f.cpu),
            [`${ANN}/memory-mb`]: String(f.memMb),
            [`${ANN}/host`]: hostName(h),
            [`${ANN}/cluster`]: clusterName(clusterOfHost(h)),
          },
          labels: {
            [`${LABEL}/power-state`]: f.powerState.toLowerCase(),
            [`${LABEL}/environment`]: f.env,
            [`${LABEL}/os-family`]: f.guestOs.startsWith('windows')
              ? 'windows'
              : 'linux',
          },
          summary: `${f.powerState};${f.cpu}cpu;${f.memMb}mb;${f.diskGb}gb;${
            f.guestOs
          };${f.ip};${hostName(h)}`,
          spec: {
            lifecycle: f.env === 'prod' ? 'production' : 'experimental',
            vsphere: {
              numCpu: f.cpu,
              memoryMb: f.memMb,
              diskGb: f.diskGb,
              powerState: f.powerState,
              guestOs: f.guestOs,
              toolsStatus: 'toolsOk',
              hardwareVersion: 'vmx-19',
              ipAddresses: [f.ip],
            },
          },
          dependsOn,
        },
      ),
    );
  }

  const hosts: Entity[] = [];
  for (let h = 0; h < shape.hosts; h++) {
    const c = clusterOfHost(h);
    hostsOfCluster[c].push(ref(hostName(h)));
    hosts.push(
      resource(
        hostName(h),
        'vsphere-host',
        'HostSystem',
        `host-${h + 10}`,
        `esx${String(h + 1).padStart(3, '0')}.corp.example`,
        {
          description: `ESXi host in ${clusterName(c)}`,
          annotations: {
            [`${ANN}/serial`]: `SN${(h * 7919).toString(36).toUpperCase()}`,
            [`${ANN}/cluster`]: clusterName(c),
            [`${ANN}/connection-state`]: 'connected',
            [`${ANN}/esxi-version`]: '8.0.2',
            [`${ANN}/num-cpu-cores`]: '64',
            [`${ANN}/memory-mb`]: '1048576',
          },
          labels: { [`${LABEL}/cluster`]: clusterName(c) },
          summary: `connected;64cores;1048576mb;8.0.2`,
          spec: {
            vsphere: { cpuCores: 64, memoryMb: 1048576, version: '8.0.2' },
          },
          dependsOn:
            v.relations === 'vm-3' || v.relations === 'vm-1'
              ? [ref(clusterName(c))]
              : [],
          dependencyOf: v.relations === 'parent' ? vmsOfHost[h] : [],
        },
      ),
    );
  }

  const clusters: Entity[] = Array.from({ length: shape.clusters }, (_, c) =>
    resource(
      clusterName(c),
      'vsphere-cluster',
      'ClusterComputeResource',
      `domain-c${c + 7}`,
      `Cluster ${c + 1}`,
      {
        description: `vSphere cluster ${c + 1} on ${vc}`,
        annotations: { [`${ANN}/drs`]: 'fullyAutomated', [`${ANN}/ha`]: 'on' },
        summary: 'drs=fullyAutomated;ha=on',
        dependencyOf: v.relations === 'parent' ? hostsOfCluster[c] : [],
      },
    ),
  );
  const datastores: Entity[] = Array.from(
    { length: shape.datastores },
    (_, d) =>
      resource(
        dsName(d),
        'vsphere-datastore',
        'Datastore',
        `datastore-${d + 100}`,
        `ds-${String(d + 1).padStart(3, '0')}`,
        {
          description: `VMFS datastore ${d + 1}`,
          annotations: {
            [`${ANN}/capacity-gb`]: '8192',
            [`${ANN}/fs-type`]: 'VMFS',
          },
          summary: 'VMFS;8192gb',
        },
      ),
  );
  const networks: Entity[] = Array.from({ length: shape.networks }, (_, n) =>
    resource(
      netName(n),
      'vsphere-network',
      'DistributedVirtualPortgroup',
      `network-${n + 20}`,
      `pg-vlan${n + 100}`,
      {
        description: `Port group VLAN ${n + 100}`,
        annotations: { [`${ANN}/vlan`]: String(n + 100) },
        summary: `vlan=${n + 100}`,
      },
    ),
  );

  const top: Entity[] = [];
  if (v.owner === 'existing') {
    top.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'infra-platform',
        title: 'Infrastructure platform',
        annotations: {
          'backstage.io/managed-by-location': location,
          'backstage.io/managed-by-origin-location': location,
        },
      },
      spec: { type: 'team', children: [] },
    });
  }
  if (v.system) {
    top.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: systemName,
        title: `vSphere ${vc}`,
        annotations: {
          'backstage.io/managed-by-location': location,
          'backstage.io/managed-by-origin-location': location,
          [`${ANN}/vcenter`]: vc,
        },
      },
      spec: { owner: OWNER },
    });
  }

  const structural = [
    ...top,
    ...clusters,
    ...hosts,
    ...datastores,
    ...networks,
  ];
  return v.order === 'parents-first'
    ? [...structural, ...vms]
    : [...vms, ...structural];
}
