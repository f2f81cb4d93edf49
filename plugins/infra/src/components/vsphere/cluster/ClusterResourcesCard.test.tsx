import { ResponseError } from '@backstage/errors';
import { act, screen, within } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import { clusterResources, fakeInfraApi } from '../__testUtils__/infraApi';
import { fixtureCatalog, renderCard } from '../__testUtils__/render';
import { ClusterResourcesCard } from './ClusterResourcesCard';

const cluster = fixture('lab-domain-c7');
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

const section = (name: string) => screen.getByRole('region', { name });

async function backendError(status: number, message: string) {
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: 'Error',
    headers: { get: () => 'application/json' },
    text: async () =>
      JSON.stringify({
        error: { name: 'NotFoundError', message },
        response: { statusCode: status },
      }),
  } as unknown as Response);
}

describe('ClusterResourcesCard', () => {
  afterEach(() => jest.restoreAllMocks());

  it('shows pools as a tree, networks with VLANs, datastores with free space and templates (one call)', async () => {
    const api = fakeInfraApi();
    await renderCard(<ClusterResourcesCard />, cluster, fixtureCatalog(), api);

    const pools = await screen.findByRole('table', { name: 'Resource pools' });
    const poolRows = within(pools).getAllByRole('row').slice(1);
    expect(poolRows.map(r => r.textContent)).toEqual([
      'ResourcesPool',
      'prodPool',
      'web-vappvApp',
    ]);
    // children are indented under their parent
    expect(within(poolRows[2]).getByText('web-vapp')).toHaveStyle({
      paddingLeft: '64px',
    });

    const networks = screen.getByRole('table', { name: 'Networks' });
    const app = within(networks).getByText('VLAN 120 – app').closest('tr')!;
    expect(within(app).getByText('120')).toBeInTheDocument();
    expect(within(app).getByText('Distributed port group')).toBeInTheDocument();
    const trunk = within(networks).getByText('trunk').closest('tr')!;
    expect(within(trunk).getByText('trunk:100-199,300')).toBeInTheDocument();
    const std = within(networks).getByText('VM Network').closest('tr')!;
    expect(within(std).getByText('—')).toBeInTheDocument();

    const ds = within(screen.getByRole('table', { name: 'Datastores' }))
      .getByText('vsan-01')
      .closest('tr')!;
    expect(ds).toHaveTextContent('3.6 TiB of 9.1 TiB (40%)');
    expect(within(ds).getByText('Yes')).toBeInTheDocument();

    const templates = screen.getByRole('table', { name: 'VM templates' });
    const tpl = within(templates)
      .getByText('ubuntu-24.04-template')
      .closest('tr')!;
    expect(tpl).toHaveTextContent('Ubuntu Linux (64-bit)');
    expect(tpl).toHaveTextContent('4 GiB');

    expect(screen.queryByText(/Stale/)).not.toBeInTheDocument();
    expect(screen.getAllByText(/^As of /)).toHaveLength(4);
    expect(api.getClusterResources).toHaveBeenCalledTimes(1);
    expect(api.getClusterResources).toHaveBeenCalledWith('lab', 'domain-c7');
  });

  it('marks a stale section with the time its data was read and why it was not refreshed', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    const ageMs = 3 * 3600_000;
    const resources = clusterResources();
    const api = fakeInfraApi({
      getClusterResources: jest.fn(async () => ({
        ...resources,
        networks: {
          ...resources.networks,
          stale: true,
          ageMs,
          refreshError: 'vCenter lab did not answer within 30 s',
        },
      })),
    });
    await renderCard(<ClusterResourcesCard />, cluster, fixtureCatalog(), api);

    await screen.findByRole('table', { name: 'Networks' });
    expect(
      within(section('Networks')).getByText(
        `Stale, as of ${new Date(NOW - ageMs).toLocaleString()}`,
      ),
    ).toBeInTheDocument();
    expect(
      within(section('Networks')).getByText(
        'vCenter could not be read again: vCenter lab did not answer within 30 s',
      ),
    ).toBeInTheDocument();
    // only that section is stale
    expect(screen.getAllByText(/Stale, as of/)).toHaveLength(1);
    expect(
      within(section('Datastores')).getByText(
        `As of ${new Date(NOW).toLocaleString()}`,
      ),
    ).toBeInTheDocument();
  });

  it('says templates are still loading, and asks again until they are read', async () => {
    jest.useFakeTimers();
    try {
      const resources = clusterResources();
      const loading = {
        ...resources,
        templates: { ...resources.templates, items: [], loading: true },
      };
      const getClusterResources = jest
        .fn()
        .mockResolvedValueOnce(loading)
        .mockResolvedValue(resources);
      await renderCard(
        <ClusterResourcesCard />,
        cluster,
        fixtureCatalog(),
        fakeInfraApi({ getClusterResources }),
      );
      expect(
        await screen.findByText(/^Templates still loading/),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('table', { name: 'VM templates' }),
      ).not.toBeInTheDocument();
      // the other sections do not wait for the templates
      expect(
        screen.getByRole('table', { name: 'Networks' }),
      ).toBeInTheDocument();

      await act(async () => {
        jest.advanceTimersByTime(5000);
      });
      expect(
        await screen.findByRole('table', { name: 'VM templates' }),
      ).toBeInTheDocument();
      expect(screen.queryByText(/still loading/)).not.toBeInTheDocument();
      expect(getClusterResources).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('says how many templates are left out of a truncated list', async () => {
    const resources = clusterResources();
    await renderCard(
      <ClusterResourcesCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterResources: jest.fn(async () => ({
          ...resources,
          templates: { ...resources.templates, total: 250, truncated: true },
        })),
      }),
    );
    expect(
      await screen.findByText('Showing 1 of 250 templates.'),
    ).toBeInTheDocument();
  });

  it('shows empty sections in words', async () => {
    const empty = { items: [], stale: false, ageMs: 0 };
    await renderCard(
      <ClusterResourcesCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterResources: jest.fn(async () => ({
          vcenter: 'lab',
          cluster: 'domain-c7',
          pools: empty,
          networks: empty,
          datastores: empty,
          templates: { ...empty, loading: false, total: 0, truncated: false },
        })),
      }),
    );
    expect(await screen.findByText('No resource pools.')).toBeInTheDocument();
    expect(screen.getByText('No networks.')).toBeInTheDocument();
    expect(screen.getByText('No datastores.')).toBeInTheDocument();
    expect(screen.getByText('No VM templates.')).toBeInTheDocument();
  });

  it('shows a skeleton while loading', async () => {
    await renderCard(
      <ClusterResourcesCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterResources: jest.fn(() => new Promise<never>(() => {})),
      }),
    );
    expect(
      await screen.findByRole('progressbar', {
        name: "Loading the cluster's resources",
      }),
    ).toBeInTheDocument();
  });

  it("shows the backend's message, not a stack, when the call fails", async () => {
    const error = await backendError(404, "No vCenter 'lab' is configured");
    await renderCard(
      <ClusterResourcesCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterResources: jest.fn(async () => Promise.reject(error)),
      }),
    );
    expect(
      await screen.findByText("Error: Could not load the cluster's resources"),
    ).toBeInTheDocument();
    expect(
      screen.getByText("No vCenter 'lab' is configured"),
    ).toBeInTheDocument();
    expect(screen.queryByText(/at .*\.tsx?:\d+/)).not.toBeInTheDocument();
  });

  it('makes no call for an entity without vSphere annotations', async () => {
    const api = fakeInfraApi();
    const bare = {
      ...cluster,
      metadata: { ...cluster.metadata, annotations: {} },
    };
    await renderCard(<ClusterResourcesCard />, bare, fixtureCatalog(), api);
    expect(
      await screen.findByText(/has no vCenter or moref annotation/),
    ).toBeInTheDocument();
    expect(api.getClusterResources).not.toHaveBeenCalled();
  });
});
