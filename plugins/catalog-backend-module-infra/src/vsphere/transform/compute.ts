import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_VSPHERE_SERIAL,
  VSPHERE_ENTITY_TYPES,
} from '@infra-inventory/plugin-infra-common';
import {
  baseEntity,
  LABEL_CLUSTER,
  LABEL_CONNECTION,
  LABEL_MAINTENANCE,
  LABEL_POWER,
  LABEL_STATUS,
  refOf,
  TransformContext,
} from './common';
import { vsphereEntityName } from './entityName';
import { ClusterInfo, DatacenterInfo, HostInfo } from './model';

export function datacenterEntity(
  ctx: TransformContext,
  dc: DatacenterInfo,
): Entity {
  return baseEntity(ctx, dc, VSPHERE_ENTITY_TYPES.datacenter, {});
}

/** Clusters only: a standalone host's compute resource is folded into the host entity. */
export function clusterEntity(ctx: TransformContext, c: ClusterInfo): Entity {
  return baseEntity(ctx, c, VSPHERE_ENTITY_TYPES.cluster, {
    labels: { [LABEL_STATUS]: c.overallStatus },
    dependsOn: [c.datacenter && refOf(ctx, c.datacenter)],
    vsphere: {
      cpuMhz: c.totalCpuMhz,
      effectiveCpuMhz: c.effectiveCpuMhz,
      memoryBytes: c.totalMemoryBytes,
      effectiveMemoryMb: c.effectiveMemoryMb,
      hosts: c.numHosts,
      effectiveHosts: c.numEffectiveHosts,
      ha: c.haEnabled,
      drs: c.drsEnabled,
      drsBehavior: c.drsBehavior,
    },
  });
}

export function hostEntity(
  ctx: TransformContext,
  h: HostInfo,
  clustersByKey: Map<string, ClusterInfo>,
): Entity {
  const cr =
    h.computeResource &&
    clustersByKey.get(`${h.computeResource.type}:${h.computeResource.value}`);
  const inCluster = cr?.isCluster === true;
  return baseEntity(ctx, h, VSPHERE_ENTITY_TYPES.host, {
    annotations: { [ANNOTATION_VSPHERE_SERIAL]: h.serial },
    labels: {
      [LABEL_CONNECTION]: h.connectionState,
      [LABEL_POWER]: h.powerState,
      [LABEL_MAINTENANCE]: h.inMaintenance ? 'true' : undefined,
      [LABEL_STATUS]: h.overallStatus,
      [LABEL_CLUSTER]:
        inCluster && cr
          ? vsphereEntityName(ctx.inventory.vcenterId, cr.ref)
          : undefined,
    },
    // the host's place: its cluster, or for a standalone host its datacenter; then its storage
    dependsOn: [
      inCluster && cr
        ? refOf(ctx, cr.ref)
        : h.datacenter && refOf(ctx, h.datacenter),
      ...h.datastores.map(d => refOf(ctx, d)),
    ],
    vsphere: {
      vendor: h.vendor,
      model: h.model,
      serial: h.serial,
      cpuCores: h.cpuCores,
      cpuMhz: h.cpuMhz,
      memoryBytes: h.memoryBytes,
      version: h.version,
      build: h.build,
      // refs, not relations: the host page lists them with one call, and the catalog does not
      // re-stitch every portgroup each time a host is processed
      networks: h.networks?.length
        ? h.networks.map(n => refOf(ctx, n))
        : undefined,
    },
  });
}
