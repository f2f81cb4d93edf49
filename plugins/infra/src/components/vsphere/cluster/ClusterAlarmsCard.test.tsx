import { ResponseError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import { fixture } from '../__testUtils__/entities';
import { clusterAlarms, fakeInfraApi } from '../__testUtils__/infraApi';
import { fixtureCatalog, renderCard } from '../__testUtils__/render';
import { ClusterAlarmsCard } from './ClusterAlarmsCard';

const cluster = fixture('lab-domain-c7');
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('ClusterAlarmsCard', () => {
  afterEach(() => jest.restoreAllMocks());

  it('lists the triggered alarms read live from the backend, worst first (one call)', async () => {
    const api = fakeInfraApi();
    await renderCard(<ClusterAlarmsCard />, cluster, fixtureCatalog(), api);

    const table = await screen.findByRole('table', {
      name: 'Triggered alarms',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    expect(within(rows[0]).getByText('Alert (red)')).toBeInTheDocument();
    expect(rows[0]).toHaveTextContent('Host connection failure');
    expect(rows[0]).toHaveTextContent('esx-10.labHost');
    expect(rows[0]).toHaveTextContent(
      new Date('2026-11-23T11:00:00Z').toLocaleString(),
    );
    expect(within(rows[0]).getByText('Yes')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Warning (yellow)')).toBeInTheDocument();
    expect(rows[1]).toHaveTextContent('web-01VM');
    expect(within(rows[1]).getByText('No')).toBeInTheDocument();

    expect(api.getClusterAlarms).toHaveBeenCalledTimes(1);
    expect(api.getClusterAlarms).toHaveBeenCalledWith('lab', 'domain-c7');
  });

  it('says when no alarm is triggered', async () => {
    await renderCard(
      <ClusterAlarmsCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterAlarms: jest.fn(async () => clusterAlarms({ items: [] })),
      }),
    );
    expect(
      await screen.findByText(
        'No alarms are triggered on this cluster, its hosts or its VMs.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('marks alarms served from a stale cache', async () => {
    jest.spyOn(Date, 'now').mockReturnValue(NOW);
    await renderCard(
      <ClusterAlarmsCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterAlarms: jest.fn(async () =>
          clusterAlarms({
            stale: true,
            ageMs: 600_000,
            refreshError: 'connection refused',
          }),
        ),
      }),
    );
    expect(
      await screen.findByText(
        `Stale, as of ${new Date(NOW - 600_000).toLocaleString()}`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('vCenter could not be read again: connection refused'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Triggered alarms' }),
    ).toBeInTheDocument();
  });

  it('shows a skeleton while loading', async () => {
    await renderCard(
      <ClusterAlarmsCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterAlarms: jest.fn(() => new Promise<never>(() => {})),
      }),
    );
    expect(
      await screen.findByRole('progressbar', {
        name: 'Loading the triggered alarms',
      }),
    ).toBeInTheDocument();
  });

  it("shows the backend's message when the alarms cannot be read", async () => {
    const error = await ResponseError.fromResponse({
      ok: false,
      status: 502,
      statusText: 'Bad Gateway',
      headers: { get: () => 'application/json' },
      text: async () =>
        JSON.stringify({
          error: { name: 'Error', message: 'vCenter lab is unreachable' },
          response: { statusCode: 502 },
        }),
    } as unknown as Response);
    await renderCard(
      <ClusterAlarmsCard />,
      cluster,
      fixtureCatalog(),
      fakeInfraApi({
        getClusterAlarms: jest.fn(async () => Promise.reject(error)),
      }),
    );
    expect(
      await screen.findByText('Error: Could not load the alarms'),
    ).toBeInTheDocument();
    expect(screen.getByText('vCenter lab is unreachable')).toBeInTheDocument();
  });
});
