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
  vsphereClusterAlarmsCard,
  vsphereClusterHostsCard,
  vsphereClusterResourcesCard,
  vsphereClusterOverviewCard,
  vsphereClusterStorageCard,
  vsphereClusterUsageCard,
  vsphereDatastoreOverviewCard,
  vsphereDatastoreUsageCard,
  vsphereEntityCards,
  vsphereHostNetworksCard,
  vsphereHostOverviewCard,
  vsphereHostVmsCard,
  vsphereVmOverviewCard,
} from './extensions';
import { infraApiRef } from '../../api';
import { fixture, fixtureEntities } from './__testUtils__/entities';
import { fakeInfraApi } from './__testUtils__/infraApi';

/** Which fixture entities each card is for; every other entity must not get it. */
const cases = [
  [vsphereClusterOverviewCard, ['lab-domain-c7']],
  [vsphereClusterHostsCard, ['lab-domain-c7']],
  [vsphereClusterStorageCard, ['lab-domain-c7']],
  [vsphereClusterAlarmsCard, ['lab-domain-c7']],
  [vsphereClusterUsageCard, ['lab-domain-c7']],
  [vsphereClusterResourcesCard, ['lab-domain-c7']],
  [vsphereHostOverviewCard, ['lab-host-10', 'lab-host-11', 'lab-host-31']],
  [vsphereHostVmsCard, ['lab-host-10', 'lab-host-11', 'lab-host-31']],
  [vsphereHostNetworksCard, ['lab-host-10', 'lab-host-11', 'lab-host-31']],
  [
    vsphereDatastoreOverviewCard,
    ['lab-datastore-15', 'lab-datastore-0f1e2d3c4b5a6978'],
  ],
  [
    vsphereDatastoreUsageCard,
    ['lab-datastore-15', 'lab-datastore-0f1e2d3c4b5a6978'],
  ],
  [
    vsphereVmOverviewCard,
    ['lab-vm-100', 'lab-vm-101', 'lab-vm-102', 'lab-vm-103'],
  ],
] as const;

const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web' },
  spec: { type: 'vsphere-vm' },
};

describe('vSphere entity cards', () => {
  it.each(cases)(
    '%s renders only for its spec.type',
    (card, forNames: readonly string[]) => {
      const filter = createExtensionTester(
        card as typeof vsphereHostVmsCard,
      ).get(EntityCardBlueprint.dataRefs.filterFunction)!;
      for (const entity of fixtureEntities) {
        expect([entity.metadata.name, filter(entity)]).toEqual([
          entity.metadata.name,
          forNames.includes(entity.metadata.name),
        ]);
      }
      // a Component of the same spec.type is no vSphere object
      expect(filter(component)).toBe(false);
    },
  );

  it('covers every card the plugin registers', () => {
    expect(new Set(cases.map(([card]) => card))).toEqual(
      new Set(vsphereEntityCards),
    );
  });

  it('appear on the entity page of their type and not on others', async () => {
    const infraApi = fakeInfraApi();
    const apis = [
      [catalogApiRef, catalogApiMock({ entities: fixtureEntities })],
      [infraApiRef, infraApi],
    ] as const;
    const clusterPage = renderTestApp({
      extensions: [
        createTestEntityPage({ entity: fixture('lab-domain-c7') }),
        vsphereClusterOverviewCard,
        vsphereClusterAlarmsCard,
        vsphereHostOverviewCard,
      ],
      apis,
    });
    // the cards load lazily: the first import of a card's module takes a while in jest
    expect(
      await screen.findByText('vSphere cluster', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole(
        'table',
        { name: 'Triggered alarms' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText('ESXi host')).not.toBeInTheDocument();
    clusterPage.unmount();

    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: fixture('lab-network-12') }),
        ...vsphereEntityCards,
      ],
      apis,
    });
    expect(
      await screen.findByTestId('empty-entity-page', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    // the cluster cards of the network page made no call
    expect(infraApi.getClusterAlarms).toHaveBeenCalledTimes(1);
    expect(infraApi.getClusterResources).not.toHaveBeenCalled();
  }, 40_000);
});
