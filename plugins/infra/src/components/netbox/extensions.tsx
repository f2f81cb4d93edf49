import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  NETBOX_ENTITY_TYPES,
  VSPHERE_ENTITY_TYPES,
} from '@infra-inventory/plugin-infra-common';

/**
 * Entity cards for the NetBox Resources and the NetBox side of vSphere hosts and VMs. Each renders
 * only for its `spec.type` and loads its code only when shown.
 */

const ofType = (type: string) => ({ kind: 'resource', 'spec.type': type });

/** VLAN page: the VLAN and its prefixes. */
export const netboxVlanOverviewCard = EntityCardBlueprint.make({
  name: 'netbox-vlan-overview',
  params: {
    filter: ofType(NETBOX_ENTITY_TYPES.vlan),
    loader: () =>
      import('./vlan/VlanOverviewCard').then(m => <m.VlanOverviewCard />),
  },
});

/** VLAN page: the vSphere port groups on it and their VMs. */
export const netboxVlanVsphereCard = EntityCardBlueprint.make({
  name: 'netbox-vlan-vsphere',
  params: {
    filter: ofType(NETBOX_ENTITY_TYPES.vlan),
    loader: () =>
      import('./vlan/VlanVsphereCard').then(m => <m.VlanVsphereCard />),
  },
});

/** Prefix page: the prefix with its VLAN and VRF. */
export const netboxPrefixOverviewCard = EntityCardBlueprint.make({
  name: 'netbox-prefix-overview',
  params: {
    filter: ofType(NETBOX_ENTITY_TYPES.prefix),
    loader: () =>
      import('./prefix/PrefixOverviewCard').then(m => <m.PrefixOverviewCard />),
  },
});

/** VLAN group page: the group and its VLANs. */
export const netboxVlanGroupOverviewCard = EntityCardBlueprint.make({
  name: 'netbox-vlan-group-overview',
  params: {
    filter: ofType(NETBOX_ENTITY_TYPES.vlanGroup),
    loader: () =>
      import('./overview/VlanGroupOverviewCard').then(m => (
        <m.VlanGroupOverviewCard />
      )),
  },
});

/** VRF page: the VRF and its prefixes. */
export const netboxVrfOverviewCard = EntityCardBlueprint.make({
  name: 'netbox-vrf-overview',
  params: {
    filter: ofType(NETBOX_ENTITY_TYPES.vrf),
    loader: () =>
      import('./overview/VrfOverviewCard').then(m => <m.VrfOverviewCard />),
  },
});

/** Site page: the site, its VLANs and prefixes. */
export const netboxSiteOverviewCard = EntityCardBlueprint.make({
  name: 'netbox-site-overview',
  params: {
    filter: ofType(NETBOX_ENTITY_TYPES.site),
    loader: () =>
      import('./overview/SiteOverviewCard').then(m => <m.SiteOverviewCard />),
  },
});

/** Site group page: the group, its sites, VLANs and prefixes. */
export const netboxSiteGroupOverviewCard = EntityCardBlueprint.make({
  name: 'netbox-site-group-overview',
  params: {
    filter: ofType(NETBOX_ENTITY_TYPES.siteGroup),
    loader: () =>
      import('./overview/SiteGroupOverviewCard').then(m => (
        <m.SiteGroupOverviewCard />
      )),
  },
});

/** Tenant page: the tenant's VLAN groups, VRFs, VLANs and prefixes. */
export const netboxTenantOverviewCard = EntityCardBlueprint.make({
  name: 'netbox-tenant-overview',
  params: {
    filter: ofType(NETBOX_ENTITY_TYPES.tenant),
    loader: () =>
      import('./overview/TenantOverviewCard').then(m => (
        <m.TenantOverviewCard />
      )),
  },
});

/** VM and template pages: the NetBox VLANs and prefixes of their networks, and the NetBox VM. */
export const netboxVmNetworkCard = EntityCardBlueprint.make({
  name: 'netbox-vm-network',
  params: {
    filter: {
      kind: 'resource',
      'spec.type': {
        $in: [VSPHERE_ENTITY_TYPES.vm, VSPHERE_ENTITY_TYPES.vmTemplate],
      },
    },
    loader: () => import('./vm/VmNetboxCard').then(m => <m.VmNetboxCard />),
  },
});

/**
 * Only on hosts the NetBox linking looked at (it labels every host it tried, `no-serial` included):
 * without NetBox configured, every host page would otherwise carry an empty "unmatched" card.
 */
export const netboxHostDeviceCard = EntityCardBlueprint.make({
  name: 'netbox-host-device',
  params: {
    filter: {
      $all: [
        ofType(VSPHERE_ENTITY_TYPES.host),
        {
          // literal keys: the predicate type needs them (the constants live in netboxFields)
          $any: [
            {
              'metadata.labels.netbox.infra-inventory.io/match': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.netbox.infra-inventory.io/device-url': {
                $exists: true,
              },
            },
            {
              'metadata.annotations.netbox.infra-inventory.io/device-ambiguous':
                { $exists: true },
            },
          ],
        },
      ],
    },
    loader: () =>
      import('./host/HostDeviceCard').then(m => <m.HostDeviceCard />),
  },
});

/** In page order: overview cards first, then the lists and the cross-source cards. */
export const netboxEntityCards = [
  netboxVlanOverviewCard,
  netboxVlanVsphereCard,
  netboxPrefixOverviewCard,
  netboxVlanGroupOverviewCard,
  netboxVrfOverviewCard,
  netboxSiteOverviewCard,
  netboxSiteGroupOverviewCard,
  netboxTenantOverviewCard,
  netboxVmNetworkCard,
  netboxHostDeviceCard,
];
