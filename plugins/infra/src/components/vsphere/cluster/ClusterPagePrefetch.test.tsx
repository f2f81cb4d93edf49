import { renderInTestApp } from '@backstage/frontend-test-utils';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import { InfraApi, infraApiRef } from '../../../api';
import { fixture } from '../__testUtils__/entities';
import { fakeInfraApi } from '../__testUtils__/infraApi';
import { fixtureCatalog, renderCard } from '../__testUtils__/render';
import { ClusterPagePrefetch } from './ClusterPagePrefetch';
import { ClusterUsageCard } from './ClusterUsageCard';

function renderAt(path: string, catalogApi: CatalogApi, infraApi: InfraApi) {
  return renderInTestApp(<ClusterPagePrefetch />, {
    initialRouteEntries: [path],
    apis: [
      [catalogApiRef, catalogApi],
      [infraApiRef, infraApi],
    ],
  });
}

describe('ClusterPagePrefetch', () => {
  afterEach(() => jest.restoreAllMocks());

  it("starts a cluster page's calls from its URL, and the cards use them instead of asking again", async () => {
    const catalogApi = fixtureCatalog();
    const byRefs = jest.spyOn(catalogApi, 'getEntitiesByRefs');
    const getEntities = jest.spyOn(catalogApi, 'getEntities');
    const facets = jest.spyOn(catalogApi, 'getEntityFacets');
    const infraApi = fakeInfraApi();
    const page = await renderAt(
      '/catalog/default/resource/lab-domain-c7',
      catalogApi,
      infraApi,
    );

    // one after the other, the resources last
    await waitFor(() =>
      expect(infraApi.getClusterResources).toHaveBeenCalledWith(
        'lab',
        'domain-c7',
      ),
    );
    expect(infraApi.getClusterUsage).toHaveBeenCalledWith('lab', 'domain-c7');
    expect(byRefs).toHaveBeenCalledTimes(1);
    expect(byRefs.mock.calls[0][0]).toMatchObject({
      entityRefs: ['resource:default/lab-domain-c7'],
    });
    expect(infraApi.getClusterAlarms).toHaveBeenCalledTimes(1);
    // hosts and datastores
    expect(getEntities).toHaveBeenCalledTimes(2);
    expect(facets).toHaveBeenCalledTimes(1);
    page.unmount();

    await renderCard(
      <ClusterUsageCard />,
      fixture('lab-domain-c7'),
      catalogApi,
      infraApi,
    );
    expect(
      await screen.findByRole('progressbar', { name: 'CPU used of effective' }),
    ).toBeInTheDocument();
    expect(infraApi.getClusterUsage).toHaveBeenCalledTimes(1);
  });

  it('asks nothing of the infra backend on the page of another kind of Resource', async () => {
    const catalogApi = fixtureCatalog();
    const byRefs = jest.spyOn(catalogApi, 'getEntitiesByRefs');
    const infraApi = fakeInfraApi();
    await renderAt(
      '/catalog/default/resource/lab-host-10',
      catalogApi,
      infraApi,
    );

    await waitFor(() => expect(byRefs).toHaveBeenCalledTimes(1));
    // let the answer arrive: nothing follows it
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(infraApi.getClusterUsage).not.toHaveBeenCalled();
    expect(infraApi.getClusterResources).not.toHaveBeenCalled();
  });

  it('makes no call at all outside Resource pages', async () => {
    const catalogApi = fixtureCatalog();
    const byRefs = jest.spyOn(catalogApi, 'getEntitiesByRefs');
    const infraApi = fakeInfraApi();
    await renderAt('/catalog/default/component/web', catalogApi, infraApi);
    await renderAt('/infra', catalogApi, infraApi);

    await new Promise(resolve => setTimeout(resolve, 50));
    expect(byRefs).not.toHaveBeenCalled();
  });
});
