import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  InfraBackendStatus,
  SyncRun,
  SyncSourceStatus,
  SyncStatusResponse,
} from '@infra-inventory/plugin-infra-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { InfraApi, infraApiRef } from '../../api';
import { StatusPage } from './StatusPage';

const backendOk: InfraBackendStatus = {
  plugin: 'infra',
  database: { client: 'pg', ok: true },
  cache: { redis: 'unavailable' },
};

const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);

const succeededRun: SyncRun = {
  id: 1,
  sourceKind: 'vsphere',
  sourceId: 'lab',
  mode: 'full',
  status: 'succeeded',
  phase: 'done',
  startedAt: T0,
  finishedAt: T0 + 83_000,
  fetchMs: 61_000,
  processMs: 22_000,
  calls: 14,
  pages: 9,
  bytes: 5 * 1024 * 1024,
  counts: {
    'vsphere-vm': { total: 1200, added: 3, updated: 10, removed: 1 },
    'vsphere-host': { total: 32, added: 0, updated: 0, removed: 0 },
  },
};

const runningRun: SyncRun = {
  id: 2,
  sourceKind: 'vsphere',
  sourceId: 'lab',
  mode: 'full',
  status: 'running',
  phase: 'inventory',
  startedAt: T0 + 3_600_000,
  progress: { done: 120, total: 480 },
};

const failedRun: SyncRun = {
  id: 3,
  sourceKind: 'netbox',
  sourceId: 'main',
  mode: 'delta',
  status: 'failed',
  phase: 'connect',
  startedAt: T0,
  finishedAt: T0 + 2_000,
  error: 'NetBox answered 401: Invalid token',
};

function source(
  runs: SyncRun[],
  extra: Partial<SyncSourceStatus> = {},
): SyncSourceStatus {
  return {
    kind: 'vsphere',
    id: 'lab',
    url: 'https://vc.example.com/sdk',
    mode: runs.some(r => r.status === 'running') ? 'full' : 'live',
    runs,
    ...extra,
  };
}

function fakeApi(overrides: Partial<InfraApi> = {}): InfraApi {
  return {
    getStatus: async () => backendOk,
    getSyncStatus: async () => ({ sources: [] }),
    triggerSync: async () => {},
    getClusterResources: jest.fn(),
    getClusterAlarms: jest.fn(),
    getClusterUsage: jest.fn(),
    ...overrides,
  };
}

/** A ResponseError like the client throws for the backend's JSON error body. */
function responseError(status: number, message: string) {
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: 'Forbidden',
    headers: { get: () => 'application/json; charset=utf-8' },
    text: async () =>
      JSON.stringify({
        error: { name: 'NotAllowedError', message },
        request: { method: 'POST', url: '/api/catalog/infra/sync-status' },
        response: { statusCode: status },
      }),
  } as unknown as Response);
}

/**
 * Renders the page for an admin. (The non-admin case has its own file: usePermission caches
 * decisions module-wide, so a denial here would see an earlier test's ALLOW.)
 */
const render = (api: InfraApi, pollMs?: number) =>
  renderInTestApp(<StatusPage pollMs={pollMs} />, {
    apis: [
      [infraApiRef, api],
      [
        permissionApiRef,
        // allows everything, infra.admin included
        mockApis.permission(),
      ],
    ],
  });

describe('StatusPage', () => {
  it('shows the database and a Redis outage as the backend reports them', async () => {
    await render(fakeApi());
    expect(await screen.findByText('pg')).toBeInTheDocument();
    expect(
      screen.getByText(/unavailable: serving from memory and database/),
    ).toBeInTheDocument();
  });

  it("shows the backend's message, not a stack, when the backend fails", async () => {
    await render(
      fakeApi({
        getStatus: async () =>
          Promise.reject(new Error('infra backend is down')),
      }),
    );
    expect(
      await screen.findByText('infra backend is down'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Error: Infra backend unavailable'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/at .*\.tsx?:\d+/)).not.toBeInTheDocument();
  });

  it('shows each source with its mode and a table of the last runs', async () => {
    await render(
      fakeApi({
        getSyncStatus: async () => ({
          sources: [
            source([succeededRun], { updatesApplied: 42, lastUpdateAt: T0 }),
          ],
        }),
      }),
    );
    expect(await screen.findByText('vCenter lab')).toBeInTheDocument();
    expect(screen.getByText('https://vc.example.com/sdk')).toBeInTheDocument();
    expect(screen.getByText('Live: following changes')).toBeInTheDocument();
    const row = within(
      screen.getByRole('table', { name: 'Last runs of vCenter lab' }),
    ).getAllByRole('row')[1];
    expect(within(row).getByText('Succeeded')).toBeInTheDocument();
    expect(within(row).getByText('1 min 23 s')).toBeInTheDocument();
    expect(within(row).getByText('1 min 1 s / 22 s')).toBeInTheDocument();
    expect(
      within(row).getByText('14 calls, 9 pages, 5 MiB'),
    ).toBeInTheDocument();
    expect(
      within(row).getByText('vsphere-vm: 1,200 (+3, ~10, −1)'),
    ).toBeInTheDocument();
    expect(within(row).getByText('vsphere-host: 32')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sync vCenter lab now' }),
    ).toBeEnabled();
  });

  it('shows a running run as a progress bar and polls until it finishes', async () => {
    const responses: SyncStatusResponse[] = [
      { sources: [source([runningRun, succeededRun])] },
      {
        sources: [
          source([
            {
              ...runningRun,
              status: 'succeeded',
              phase: 'done',
              finishedAt: runningRun.startedAt + 5000,
            },
            succeededRun,
          ]),
        ],
      },
    ];
    let calls = 0;
    const getSyncStatus = jest.fn(
      async (): Promise<SyncStatusResponse> => responses[Math.min(calls++, 1)],
    );
    await render(fakeApi({ getSyncStatus }), 50);

    const bar = await screen.findByRole('progressbar', {
      name: 'Sync of vCenter lab in progress: inventory',
    });
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    expect(bar).toHaveAttribute('aria-valuemin', '0');
    expect(bar).toHaveAttribute('aria-valuemax', '100');
    expect(bar).toHaveAttribute('aria-valuetext', '25%: 120 of 480 objects');
    expect(screen.getByText('Running (inventory)')).toBeInTheDocument();
    // no second sync while one runs
    expect(
      screen.getByRole('button', { name: 'Sync vCenter lab now' }),
    ).toBeDisabled();

    await waitFor(() =>
      expect(
        screen.queryByRole('progressbar', { name: /in progress/ }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getAllByText('Succeeded')).toHaveLength(2);
    const callsWhenDone = getSyncStatus.mock.calls.length;
    await new Promise(r => setTimeout(r, 300));
    // nothing runs any more: polling stopped
    expect(getSyncStatus.mock.calls.length).toBe(callsWhenDone);
  });

  it("shows a failed run's error and the source's last error", async () => {
    await render(
      fakeApi({
        getSyncStatus: async () => ({
          sources: [
            source([failedRun], {
              kind: 'netbox',
              id: 'main',
              url: 'https://netbox.example.com',
              mode: 'backing-off',
              lastError: 'NetBox answered 401: Invalid token',
            }),
          ],
        }),
      }),
    );
    expect(await screen.findByText('NetBox main')).toBeInTheDocument();
    expect(screen.getByText('Backing off after errors')).toBeInTheDocument();
    expect(screen.getByText('Error: Last error')).toBeInTheDocument();
    const row = within(
      screen.getByRole('table', { name: 'Last runs of NetBox main' }),
    ).getAllByRole('row')[1];
    expect(within(row).getByText('Failed')).toBeInTheDocument();
    expect(
      within(row).getByText('NetBox answered 401: Invalid token'),
    ).toBeInTheDocument();
  });

  it("shows a succeeded run's NetBox link summary as a warning, not an error", async () => {
    const summary =
      'NetBox links: 2 of 32 hosts unmatched (esx-11.lab, esx-31.lab)';
    await render(
      fakeApi({
        getSyncStatus: async () => ({
          sources: [
            source([
              { ...succeededRun, error: summary },
              {
                ...failedRun,
                id: 4,
                sourceKind: 'vsphere',
                sourceId: 'lab',
                error: 'vCenter refused the login',
              },
            ]),
          ],
        }),
      }),
    );
    const table = await screen.findByRole('table', {
      name: 'Last runs of vCenter lab',
    });
    const [, succeeded, failed] = within(table).getAllByRole('row');
    expect(within(succeeded).getByText('Succeeded')).toBeInTheDocument();
    const note = within(succeeded).getByText(summary);
    expect(within(note).getByTestId('status-warning')).toBeInTheDocument();
    expect(
      within(succeeded).queryByTestId('status-error'),
    ).not.toBeInTheDocument();
    // a failed run's message stays an error, next to the Failed status
    expect(within(failed).getByText('vCenter refused the login')).not.toBe(
      note,
    );
    expect(within(failed).getByTestId('status-error')).toBeInTheDocument();
    expect(within(failed).queryByTestId('status-warning')).toBeNull();
    // a healthy source shows no error panel for a warning of a run
    expect(screen.queryByText('Error: Last error')).not.toBeInTheDocument();
  });

  it('shows the reason a run was skipped as a warning', async () => {
    const reason = 'Would remove 60% of the entities (limit 20%): skipped';
    await render(
      fakeApi({
        getSyncStatus: async () => ({
          sources: [
            source([
              {
                ...succeededRun,
                status: 'skipped',
                error: reason,
              },
            ]),
          ],
        }),
      }),
    );
    const note = await screen.findByText(reason);
    expect(within(note).getByTestId('status-warning')).toBeInTheDocument();
    expect(screen.getByText('Skipped')).toBeInTheDocument();
  });

  it('starts a sync with "Sync now" (202) and refreshes', async () => {
    const triggerSync = jest.fn(async () => {});
    const getSyncStatus = jest.fn(async () => ({
      sources: [source([succeededRun])],
    }));
    await render(fakeApi({ triggerSync, getSyncStatus }));
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sync vCenter lab now' }),
    );
    expect(await screen.findByText('Sync requested.')).toBeInTheDocument();
    expect(triggerSync).toHaveBeenCalledWith('vsphere', 'lab');
    await waitFor(() => expect(getSyncStatus).toHaveBeenCalledTimes(2));
  });

  it('says that "Sync now" needs the infra.admin permission on 403', async () => {
    const error = await responseError(
      403,
      'Starting a sync needs the infra.admin permission',
    );
    await render(
      fakeApi({
        getSyncStatus: async () => ({ sources: [source([succeededRun])] }),
        triggerSync: async () => Promise.reject(error),
      }),
    );
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sync vCenter lab now' }),
    );
    expect(
      await screen.findByText(
        'Starting a sync needs the infra.admin permission.',
      ),
    ).toBeInTheDocument();
    // the button stays, for another try once the permission is granted
    expect(
      screen.getByRole('button', { name: 'Sync vCenter lab now' }),
    ).toBeEnabled();
  });

  it('shows other "Sync now" failures with their message', async () => {
    const error = await responseError(
      404,
      "No vsphere source 'lab' is configured",
    );
    await render(
      fakeApi({
        getSyncStatus: async () => ({ sources: [source([])] }),
        triggerSync: async () => Promise.reject(error),
      }),
    );
    expect(await screen.findByText('No runs yet.')).toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'Sync vCenter lab now' }),
    );
    expect(
      await screen.findByText(
        "Could not start a sync: No vsphere source 'lab' is configured",
      ),
    ).toBeInTheDocument();
  });

  it('says when the sync status cannot be loaded, or no source is configured', async () => {
    const { unmount } = await render(
      fakeApi({
        getSyncStatus: async () =>
          Promise.reject(new Error('catalog backend unreachable')),
      }),
    );
    expect(
      await screen.findByText('Error: Sync status unavailable'),
    ).toBeInTheDocument();
    expect(screen.getByText('catalog backend unreachable')).toBeInTheDocument();
    unmount();

    await render(fakeApi());
    expect(
      await screen.findByText(/No vCenter or NetBox source is configured/),
    ).toBeInTheDocument();
  });
});
