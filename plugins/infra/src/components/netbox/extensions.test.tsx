import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import {
  netboxEntityCards,
  netboxHostDeviceCard,
  netboxPrefixOverviewCard,
  netboxSiteGroupOverviewCard,
  netboxSiteOverviewCard,
  netboxTenantOverviewCard,
  netboxVlanGroupOverviewCard,
  netboxVlanOverviewCard,
  netboxVlanVsphereCard,
  netboxVmNetworkCard,
  netboxVrfOverviewCard,
} from './extensions';
import { fixture, netboxFixtures } from './__testUtils__/entities';
import { LABEL_NETBOX_MATCH, NETBOX_LINK_ANNOTATIONS } from './netboxFields';

const VLANS = [
  'prod-vlan-12',
  'prod-vlan-13',
  'prod-vlan-41',
  'prod-vlan-42',
  'prod-vlan-50',
];
const VMS = [
  'lab-vm-100',
  'lab-vm-101',
  'lab-vm-102',
  'lab-vm-104',
  'dc2-vm-5',
];

/** Which fixture entities each card is for; every other entity must not get it. */
const cases = [
  [netboxVlanOverviewCard, VLANS],
  [netboxVlanVsphereCard, VLANS],
  [
    netboxPrefixOverviewCard,
    [
      'prod-prefix-100',
      'prod-prefix-101',
      'prod-prefix-102',
      'prod-prefix-103',
    ],
  ],
  [netboxVlanGroupOverviewCard, ['prod-vlangroup-5', 'prod-vlangroup-6']],
  [netboxVrfOverviewCard, ['prod-vrf-3']],
  [netboxSiteOverviewCard, ['prod-site-7']],
  [netboxSiteGroupOverviewCard, ['prod-sitegroup-1', 'prod-sitegroup-2']],
  [netboxTenantOverviewCard, ['prod-tenant-4']],
  [netboxVmNetworkCard, VMS],
  // lab-host-13 was never looked at by the linking: no card
  [
    netboxHostDeviceCard,
    ['lab-host-10', 'lab-host-11', 'lab-host-12', 'lab-host-14'],
  ],
] as const;

describe('NetBox entity cards', () => {
  it.each(cases)(
    '%s does not render for other entity types',
    (card, forNames: readonly string[]) => {
      const filter = createExtensionTester(
        card as typeof netboxVlanOverviewCard,
      ).get(EntityCardBlueprint.dataRefs.filterFunction)!;
      for (const entity of netboxFixtures) {
        expect([entity.metadata.name, filter(entity)]).toEqual([
          entity.metadata.name,
          forNames.includes(entity.metadata.name),
        ]);
      }
      // a Component of the same spec.type (and labels) is no NetBox or vSphere object
      for (const name of forNames) {
        const own = fixture(name);
        expect(filter({ ...own, kind: 'Component' })).toBe(false);
      }
    },
  );

  it('covers every card, and the host filter keys match the linking contract', () => {
    expect(new Set(cases.map(([card]) => card))).toEqual(
      new Set(netboxEntityCards),
    );
    // the filter spells the keys out literally: they must stay the ones the accessors read
    const filter = createExtensionTester(netboxHostDeviceCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    const host = fixture('lab-host-13');
    const withLabel = {
      ...host,
      metadata: { ...host.metadata, labels: { [LABEL_NETBOX_MATCH]: 'x' } },
    };
    expect(filter(withLabel)).toBe(true);
    for (const key of [
      NETBOX_LINK_ANNOTATIONS.deviceUrl,
      NETBOX_LINK_ANNOTATIONS.deviceAmbiguous,
    ]) {
      const annotated = {
        ...host,
        metadata: {
          ...host.metadata,
          annotations: { ...host.metadata.annotations, [key]: 'x' },
        },
      };
      expect(filter(annotated)).toBe(true);
    }
  });

  it('appear on the entity page of their type and not on others', async () => {
    const apis = [
      [catalogApiRef, catalogApiMock({ entities: netboxFixtures })],
    ] as const;
    const vlanPage = renderTestApp({
      extensions: [
        createTestEntityPage({ entity: fixture('prod-vlan-12') }),
        ...netboxEntityCards,
      ],
      apis,
    });
    // the cards load lazily: the first import of a card's module takes a while in jest
    expect(
      await screen.findByText('NetBox VLAN', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('vSphere on this VLAN', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByText('NetBox prefix')).not.toBeInTheDocument();
    expect(screen.queryByText('Network (NetBox)')).not.toBeInTheDocument();
    vlanPage.unmount();

    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: fixture('lab-dvportgroup-21') }),
        ...netboxEntityCards,
      ],
      apis,
    });
    expect(
      await screen.findByTestId('empty-entity-page', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
  }, 40_000);
});
