import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_VSPHERE_INSTANCE_UUID,
  VSPHERE_ENTITY_TYPES,
} from '@infra-inventory/plugin-infra-common';
import {
  baseEntity,
  LABEL_CLUSTER,
  LABEL_POWER,
  refOf,
  TransformContext,
} from './common';
import { vsphereEntityName } from './entityName';
import { VmInfo } from './model';

/** A VM or template: placed on its host, and depending on its datastores and networks. */
export function vmEntity(ctx: TransformContext, vm: VmInfo): Entity {
  // pushed rather than spread from mapped copies: this runs for every VM of every sync
  const dependsOn = [vm.template || !vm.host ? undefined : refOf(ctx, vm.host)];
  for (const d of vm.datastores) dependsOn.push(refOf(ctx, d));
  for (const n of vm.networks) dependsOn.push(refOf(ctx, n));
  return baseEntity(
    ctx,
    vm,
    vm.template ? VSPHERE_ENTITY_TYPES.vmTemplate : VSPHERE_ENTITY_TYPES.vm,
    {
      annotations: { [ANNOTATION_VSPHERE_INSTANCE_UUID]: vm.instanceUuid },
      labels: {
        [LABEL_POWER]: vm.template ? undefined : vm.powerState,
        [LABEL_CLUSTER]: vm.computeResource
          ? vsphereEntityName(ctx.inventory.vcenterId, vm.computeResource)
          : undefined,
      },
      dependsOn,
      vsphere: {
        cpus: vm.numCpu,
        memoryMb: vm.memoryMb,
        guest: vm.guestOs,
        ip: vm.ipAddress,
        tools: vm.toolsStatus,
        toolsVersion: vm.toolsVersionStatus,
        committedBytes: vm.committedBytes,
        uncommittedBytes: vm.uncommittedBytes,
        resourcePool: vm.resourcePool,
        uuid: vm.uuid,
      },
    },
  );
}
