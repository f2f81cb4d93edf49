import { screen } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import { clusterUsage, fakeInfraApi } from '../__testUtils__/infraApi';
import { fixtureCatalog, renderCard } from '../__testUtils__/render';
import { ClusterUsageCard } from './ClusterUsageCard';

const cluster = fixture('lab-domain-c7');
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('ClusterUsageCard', () => {
  afterEach(() => jest.restoreAllMocks());

  it('shows CPU and memory used against effective capacity as labelled bars (one call)', async () => {
    const api = fakeInfraApi();
    await renderCard(<ClusterUsageCard />, cluster, fixtureCatalog(), api);

    const cpu = await screen.findByRole('progressbar', {
      name: 'CPU used of effective',
    });
    expect(cpu).toHaveAttribute('aria-valuenow', '75');
    const memory = screen.getByRole('progressbar', {
      name: 'Memory used of effective',
    });
    expect(memory).toHaveAttribute('aria-valuenow', '90');
    expect(screen.getByText(/Summed over 2 connected hosts/)).toBeVisible();
    expect(api.getClusterUsage).toHaveBeenCalledTimes(1);
    expect(api.getClusterUsage).toHaveBeenCalledWith('lab', 'domain-c7');
  });

  it('marks usage served stale because vCenter could not be read', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    await renderCard(
      <ClusterUsageCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterUsage: jest.fn(async () =>
          clusterUsage({
            stale: true,
            ageMs: 120_000,
            refreshError: 'connection refused',
          }),
        ),
      }),
    );
    expect(
      await screen.findByText(
        `Stale, as of ${new Date(NOW - 120_000).toLocaleString()}`,
      ),
    ).toBeInTheDocument();
  });

  it('says so when the cluster has no effective capacity', async () => {
    await renderCard(
      <ClusterUsageCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterUsage: jest.fn(async () =>
          clusterUsage({
            usage: { cpuUsedMhz: 0, memoryUsedMb: 0, hostsReporting: 0 },
          }),
        ),
      }),
    );
    expect(
      await screen.findByText(/reports no effective capacity/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it("shows the backend's message when usage cannot be read", async () => {
    await renderCard(
      <ClusterUsageCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterUsage: jest.fn(async () =>
          Promise.reject(new Error('vCenter lab is unreachable')),
        ),
      }),
    );
    expect(
      await screen.findByText('Error: Could not load the usage'),
    ).toBeInTheDocument();
  });
});
