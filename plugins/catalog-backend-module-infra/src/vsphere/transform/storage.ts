import { Entity } from '@backstage/catalog-model';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import {
  baseEntity,
  LABEL_DATASTORE_TYPE,
  LABEL_MAINTENANCE,
  refOf,
  TransformContext,
} from './common';
import { DatastoreInfo } from './model';

/** Hosts and VMs point at the datastore, so it needs no relations of its own beyond its place. */
export function datastoreEntity(
  ctx: TransformContext,
  d: DatastoreInfo,
): Entity {
  return baseEntity(ctx, d, VSPHERE_ENTITY_TYPES.datastore, {
    labels: {
      [LABEL_DATASTORE_TYPE]: d.type,
      [LABEL_MAINTENANCE]:
        d.maintenanceMode && d.maintenanceMode !== 'normal'
          ? d.maintenanceMode
          : undefined,
    },
    dependsOn: [d.datacenter && refOf(ctx, d.datacenter)],
    vsphere: {
      type: d.type,
      url: d.url,
      capacityBytes: d.capacityBytes,
      freeBytes: d.freeBytes,
      uncommittedBytes: d.uncommittedBytes,
      accessible: d.accessible,
      maintenanceMode: d.maintenanceMode,
      vms: d.vmCount,
    },
  });
}
