import { Entity } from '@backstage/catalog-model';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { baseEntity, refOf, TransformContext } from './common';
import { DvSwitchInfo, NetworkInfo, VlanSpec } from './model';

/** `120`, `trunk:100-199,300`, `pvlan:20`: compact and readable on the entity page. */
export function formatVlan(vlan: VlanSpec | undefined): string | undefined {
  if (!vlan) return undefined;
  switch (vlan.kind) {
    case 'vlan':
      return String(vlan.id);
    case 'pvlan':
      return `pvlan:${vlan.id}`;
    case 'trunk':
      return `trunk:${vlan.ranges
        .map(([a, b]) => (a === b ? String(a) : `${a}-${b}`))
        .join(',')}`;
    default:
      return undefined;
  }
}

export function networkEntity(ctx: TransformContext, n: NetworkInfo): Entity {
  const isPortgroup = n.kind === 'dvportgroup';
  return baseEntity(
    ctx,
    n,
    isPortgroup
      ? VSPHERE_ENTITY_TYPES.dvPortgroup
      : VSPHERE_ENTITY_TYPES.network,
    {
      dependsOn: [
        isPortgroup && n.dvSwitch
          ? refOf(ctx, n.dvSwitch)
          : n.datacenter && refOf(ctx, n.datacenter),
      ],
      vsphere: {
        vlan: formatVlan(n.vlan),
        vlanId: n.vlan?.kind === 'vlan' ? n.vlan.id : undefined,
        uplink: n.uplink || undefined,
        hosts: n.hostCount,
        vms: n.vmCount,
      },
    },
  );
}

export function dvSwitchEntity(ctx: TransformContext, s: DvSwitchInfo): Entity {
  return baseEntity(ctx, s, VSPHERE_ENTITY_TYPES.dvSwitch, {
    dependsOn: [s.datacenter && refOf(ctx, s.datacenter)],
    vsphere: { uuid: s.uuid },
  });
}
