import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import {
  MacTraceApi,
  macTraceApiRef,
  MacTraceJob,
  MacTraceMacResult,
  MacTraceSwitchesResponse,
} from '../../api/InfraApi';
import { MacTracePage } from './MacTracePage';

const T0 = Date.UTC(2025, 0, 6, 8, 0, 0);
const MAC = '0a1b2c3d4e5f';

function job(extra: Partial<MacTraceJob> = {}): MacTraceJob {
  return {
    id: 'job-1',
    state: 'running',
    requestedBy: 'user:default/alice',
    macs: [MAC],
    filter: {},
    totalSwitches: 4,
    doneSwitches: 2,
    createdAt: T0,
    startedAt: T0,
    switches: [
      {
        switchId: 'sw-a1',
        status: 'ok',
        macsFound: 1,
        commands: 1,
        durationMs: 850,
        partial: false,
      },
      {
        switchId: 'sw-a2',
        status: 'auth_failed',
        message: 'Permission denied (publickey,password)',
        macsFound: 0,
        commands: 0,
        durationMs: 120,
        partial: false,
      },
      {
        switchId: 'sw-a3',
        status: 'pending',
        macsFound: 0,
        commands: 0,
        partial: false,
      },
      {
        switchId: 'sw-core',
        status: 'pending',
        macsFound: 0,
        commands: 0,
        partial: false,
      },
    ],
    ...extra,
  };
}

const foundResult: MacTraceMacResult = {
  mac: MAC,
  found: true,
  edge: {
    switchId: 'sw-a1',
    port: 'Gi1/0/12',
    vlan: 20,
    vlanName: 'users',
    reasons: ['access port', 'only MAC on the port'],
    rank: 0,
    macsOnPort: 1,
  },
  candidates: [
    {
      switchId: 'sw-a1',
      port: 'Gi1/0/12',
      vlan: 20,
      vlanName: 'users',
      reasons: ['access port', 'only MAC on the port'],
      rank: 0,
      macsOnPort: 1,
    },
    {
      switchId: 'sw-a3',
      port: 'Gi1/0/48',
      vlan: 20,
      reasons: ['12 MACs on the port'],
      rank: 1,
      macsOnPort: 12,
    },
  ],
  excludedCount: 1,
  onlyUplinks: false,
  summary: 'sw-a1 Gi1/0/12 (VLAN 20)',
};

const doneJob = job({
  state: 'done',
  doneSwitches: 4,
  finishedAt: T0 + 5000,
  switches: job().switches.map(s =>
    s.status === 'pending'
      ? { ...s, status: 'not_found', durationMs: 400 }
      : { ...s, status: 'ok', message: undefined },
  ),
  results: [foundResult],
});

const switchesFixture: MacTraceSwitchesResponse = {
  sites: [
    { site: 'branch', floors: [{ floor: '0', switches: 1 }] },
    {
      site: 'hq',
      floors: [
        { floor: '1', switches: 1 },
        { floor: '2', switches: 2 },
      ],
    },
  ],
  switches: [
    { id: 'sw-b0', site: 'branch', floor: '0', platform: 'cisco_ios' },
    { id: 'sw-a1', site: 'hq', floor: '1', platform: 'cisco_ios' },
    { id: 'sw-a2', site: 'hq', floor: '2', platform: 'cisco_ios' },
    { id: 'sw-a3', site: 'hq', floor: '2', platform: 'dell_os10' },
    { id: 'core', platform: 'dell_os10' },
  ],
};

function fakeApi(overrides: Partial<MacTraceApi> = {}): MacTraceApi {
  return {
    startMacTrace: async () => ({ jobId: 'job-1' }),
    getMacTraceJob: async () => doneJob,
    getMacSightings: async mac => ({ mac, sightings: [] }),
    getMacTraceSwitches: async () => switchesFixture,
    ...overrides,
  };
}

/** A ResponseError as the client builds it from the MAC trace router's JSON error. */
function responseError(status: number, body: Record<string, unknown>) {
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: status === 403 ? 'Forbidden' : 'Bad Request',
    headers: { get: () => 'application/json; charset=utf-8' },
    text: async () =>
      JSON.stringify({ ...body, response: { statusCode: status } }),
  } as unknown as Response);
}

/** Renders the page and waits for the site/floor list (or its fallback) to settle. */
async function render(api: MacTraceApi, pollMs = 20) {
  let result: Awaited<ReturnType<typeof renderInTestApp>> | undefined;
  await act(async () => {
    result = await renderInTestApp(<MacTracePage pollMs={pollMs} />, {
      apis: [[macTraceApiRef, api]],
    });
  });
  await waitFor(() =>
    expect(screen.queryByText('Loading sites…')).not.toBeInTheDocument(),
  );
  return result!;
}

function trace(macs: string, extra: { site?: string; floor?: string } = {}) {
  if (extra.site) {
    fireEvent.change(screen.getByLabelText('Site'), {
      target: { value: extra.site },
    });
  }
  if (extra.floor) {
    fireEvent.change(screen.getByLabelText('Floor'), {
      target: { value: extra.floor },
    });
  }
  fireEvent.change(screen.getByLabelText(/MAC addresses/), {
    target: { value: macs },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Trace' }));
}

describe('MacTracePage', () => {
  it('offers the sites and, once a site is chosen, its floors, with the switch count', async () => {
    const startMacTrace = jest.fn(async () => ({ jobId: 'job-1' }));
    await render(fakeApi({ startMacTrace }));
    const site = screen.getByLabelText('Site');
    await screen.findByRole('option', { name: 'hq' });
    expect(
      within(site)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All sites', 'branch', 'hq']);
    const floor = screen.getByLabelText('Floor');
    expect(floor).toBeDisabled();
    expect(screen.getByText('5 switches will be traced.')).toBeInTheDocument();

    fireEvent.change(site, { target: { value: 'hq' } });
    expect(floor).toBeEnabled();
    expect(
      within(floor)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All floors', '1 (1 switch)', '2 (2 switches)']);
    expect(screen.getByText('3 switches will be traced.')).toBeInTheDocument();

    fireEvent.change(site, { target: { value: 'branch' } });
    expect(
      within(floor)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All floors', '0 (1 switch)']);

    fireEvent.change(site, { target: { value: 'hq' } });
    fireEvent.change(floor, { target: { value: '2' } });
    expect(screen.getByText('2 switches will be traced.')).toBeInTheDocument();
    trace(MAC);
    await waitFor(() =>
      expect(startMacTrace).toHaveBeenCalledWith({
        macs: MAC,
        site: 'hq',
        floor: '2',
      }),
    );
  });

  it('sends the site alone when "All floors" is kept', async () => {
    const startMacTrace = jest.fn(async () => ({ jobId: 'job-1' }));
    await render(fakeApi({ startMacTrace }));
    await screen.findByRole('option', { name: 'branch' });
    fireEvent.change(screen.getByLabelText('Site'), {
      target: { value: 'branch' },
    });
    trace(MAC);
    await waitFor(() =>
      expect(startMacTrace).toHaveBeenCalledWith({
        macs: MAC,
        site: 'branch',
        floor: undefined,
      }),
    );
  });

  it('falls back to free-text site and floor when the switch list fails', async () => {
    const startMacTrace = jest.fn(async () => ({ jobId: 'job-1' }));
    await render(
      fakeApi({
        startMacTrace,
        getMacTraceSwitches: async () => Promise.reject(new Error('boom')),
      }),
    );
    expect(
      await screen.findByText(/sites and floors could not be loaded/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('option')).not.toBeInTheDocument();
    trace(MAC, { site: 'annex', floor: '7' });
    await waitFor(() =>
      expect(startMacTrace).toHaveBeenCalledWith({
        macs: MAC,
        site: 'annex',
        floor: '7',
      }),
    );
  });

  it('lists each invalid MAC under the field, linked with aria-describedby, and sends nothing', async () => {
    const startMacTrace = jest.fn(async () => ({ jobId: 'x' }));
    await render(fakeApi({ startMacTrace }));
    trace('0a:1b:2c:3d:4e:5f, zz:zz:zz:zz:zz:zz\n0a1b.2c3d');

    const field = screen.getByLabelText(/MAC addresses/);
    expect(field).toHaveAttribute('aria-invalid', 'true');
    const describedBy = field.getAttribute('aria-describedby')!.split(' ');
    const errors = document.getElementById(describedBy[0])!;
    expect(errors).toHaveTextContent('2 entries are not MAC addresses');
    const items = within(errors).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('zz:zz:zz:zz:zz:zz');
    expect(items[1]).toHaveTextContent('0a1b.2c3d');
    expect(startMacTrace).not.toHaveBeenCalled();

    trace('   ');
    expect(
      await screen.findByText('Enter at least one MAC address.'),
    ).toBeInTheDocument();
    expect(startMacTrace).not.toHaveBeenCalled();
  });

  it("shows the backend's per-MAC list of a 400 under the field", async () => {
    const error = await responseError(400, {
      error: { name: 'InputError', message: '1 of the MAC addresses…' },
      invalid: [{ input: 'ff:ff:ff:ff:ff:ff', reason: 'broadcast address' }],
    });
    await render(fakeApi({ startMacTrace: async () => Promise.reject(error) }));
    trace('ff:ff:ff:ff:ff:ff');
    expect(
      await screen.findByText(/ff:ff:ff:ff:ff:ff.*broadcast address/),
    ).toBeInTheDocument();
  });

  it('shows a running job as a progress bar of switches and each switch status, polling until done', async () => {
    const startMacTrace = jest.fn(async () => ({ jobId: 'job-1' }));
    let calls = 0;
    const getMacTraceJob = jest.fn(async () => (calls++ < 2 ? job() : doneJob));
    await render(fakeApi({ startMacTrace, getMacTraceJob }), 50);
    await screen.findByRole('option', { name: 'hq' });
    trace('0A-1B-2C-3D-4E-5F', { site: 'hq', floor: '2' });

    const bar = await screen.findByRole('progressbar', {
      name: 'MAC trace in progress',
    });
    expect(startMacTrace).toHaveBeenCalledWith({
      macs: MAC,
      site: 'hq',
      floor: '2',
    });
    expect(bar).toHaveAttribute('aria-valuemin', '0');
    expect(bar).toHaveAttribute('aria-valuemax', '4');
    expect(bar).toHaveAttribute('aria-valuenow', '2');
    expect(bar).toHaveAttribute('aria-valuetext', '2 of 4 switches');
    expect(screen.getByRole('button', { name: 'Tracing…' })).toBeDisabled();

    const table = screen.getByRole('table', { name: 'Switches of this trace' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(5);
    expect(within(rows[1]).getByText('sw-a1')).toBeInTheDocument();
    expect(within(rows[1]).getByText('MAC found')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Login refused')).toBeInTheDocument();
    expect(
      within(rows[2]).getByText('Permission denied (publickey,password)'),
    ).toBeInTheDocument();
    expect(within(rows[3]).getByText('Waiting')).toBeInTheDocument();

    await waitFor(() =>
      expect(
        screen.queryByRole('progressbar', { name: /MAC trace/ }),
      ).not.toBeInTheDocument(),
    );
    expect(getMacTraceJob).toHaveBeenCalledWith('job-1');
    const callsWhenDone = getMacTraceJob.mock.calls.length;
    await act(() => new Promise(r => setTimeout(r, 250)));
    // done: polling stopped
    expect(getMacTraceJob.mock.calls.length).toBe(callsWhenDone);
    expect(screen.getByRole('button', { name: 'Trace' })).toBeEnabled();
  });

  it('shows the likely port first with its reasons, then the other candidates', async () => {
    await render(fakeApi());
    trace('0a1b.2c3d.4e5f');

    const best = await screen.findByRole('group', {
      name: 'Likely port: sw-a1 Gi1/0/12, VLAN 20 (users)',
    });
    const reasons = within(best).getByRole('list', {
      name: 'Why sw-a1 Gi1/0/12, VLAN 20 (users)',
    });
    expect(
      within(reasons)
        .getAllByRole('listitem')
        .map(li => li.textContent),
    ).toEqual(['access port', 'only MAC on the port']);
    const groups = screen.getAllByRole('group');
    expect(groups.map(g => g.getAttribute('aria-label'))).toEqual([
      'Likely port: sw-a1 Gi1/0/12, VLAN 20 (users)',
      'Other port: sw-a3 Gi1/0/48, VLAN 20',
    ]);
    expect(screen.getByText('12 MACs on the port')).toBeInTheDocument();
    expect(
      screen.getByText(/Also seen on 1 uplink, LAG or trunk port/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Partial result/)).not.toBeInTheDocument();
  });

  it('says clearly when only uplinks saw the MAC, and flags partial results', async () => {
    const uplinkOnly: MacTraceMacResult = {
      mac: MAC,
      found: true,
      candidates: [],
      excluded: [
        {
          switchId: 'sw-core',
          port: 'Po1',
          vlan: 20,
          excludedBecause: 'lldp_uplink',
          reasons: ['LLDP neighbour sw-dist-1'],
          rank: 99,
        },
      ],
      onlyUplinks: true,
      summary: 'seen only on uplink ports',
    };
    const partialJob = job({
      state: 'done',
      doneSwitches: 4,
      switches: job().switches.map(s =>
        s.status === 'pending'
          ? { ...s, status: 'timeout', message: 'no answer in 20 s' }
          : s,
      ),
      results: [uplinkOnly],
    });
    await render(fakeApi({ getMacTraceJob: async () => partialJob }));
    trace(MAC);

    expect(
      await screen.findByText('Warning: Only uplinks saw this MAC'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/It was seen only on uplink, LAG or trunk ports/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Warning: Partial results: 3 of 4 switches did not answer fully',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Warning: Partial result')).toBeInTheDocument();
    expect(
      screen.getByText(
        'sw-core Po1, VLAN 20: Lldp uplink (LLDP neighbour sw-dist-1)',
      ),
    ).toBeInTheDocument();
  });

  it('says a trace needs the infra.mactrace.run permission on 403', async () => {
    const error = await responseError(403, {
      error: {
        name: 'NotAllowedError',
        message: 'Not allowed: infra.mactrace.run',
      },
    });
    await render(fakeApi({ startMacTrace: async () => Promise.reject(error) }));
    trace(MAC);
    expect(
      await screen.findByText(
        'A trace needs the infra.mactrace.run permission.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Trace' })).toBeEnabled();
  });

  it('shows other failures with their message, and a failed job with its error', async () => {
    const { unmount } = await render(
      fakeApi({
        startMacTrace: async () =>
          Promise.reject(new Error('No switch matches the given site')),
      }),
    );
    trace(MAC);
    expect(
      await screen.findByText(
        'A trace failed: No switch matches the given site',
      ),
    ).toBeInTheDocument();
    unmount();

    await render(
      fakeApi({
        getMacTraceJob: async () =>
          job({ state: 'failed', error: 'database unavailable' }),
      }),
    );
    trace(MAC);
    expect(
      await screen.findByText('Error: The trace failed'),
    ).toBeInTheDocument();
    expect(screen.getByText('database unavailable')).toBeInTheDocument();
  });

  it('stops polling and names the permission when reading the job gets a 403', async () => {
    const error = await responseError(403, {
      error: { name: 'NotAllowedError', message: 'Not allowed' },
    });
    const getMacTraceJob = jest.fn(async () => Promise.reject(error));
    await render(fakeApi({ getMacTraceJob }));
    trace(MAC);
    expect(
      await screen.findByText(
        'Reading the trace needs the infra.mactrace.run permission.',
      ),
    ).toBeInTheDocument();
    await act(() => new Promise(r => setTimeout(r, 150)));
    expect(getMacTraceJob).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Trace' })).toBeEnabled();
  });

  it('opens the history of a single traced MAC once the trace is done', async () => {
    const getMacSightings = jest.fn(async (mac: string) => ({
      mac,
      sightings: [],
    }));
    await render(fakeApi({ getMacSightings }));
    trace(MAC);
    expect(
      await screen.findByText('No trace has seen 0a:1b:2c:3d:4e:5f yet.'),
    ).toBeInTheDocument();
    expect(getMacSightings).toHaveBeenCalledWith(MAC);
  });

  it('shows the sightings of a MAC as a table, last seen first', async () => {
    const getMacSightings = jest.fn(async (mac: string) => ({
      mac,
      sightings: [
        {
          mac,
          switchId: 'sw-a1',
          port: 'Gi1/0/12',
          vlan: 20,
          portKind: 'edge',
          firstSeen: T0,
          lastSeen: T0 + 86_400_000,
        },
        {
          mac,
          switchId: 'sw-core',
          port: 'Po1',
          portKind: 'lldp_uplink',
          firstSeen: T0,
          lastSeen: T0,
        },
      ],
    }));
    await render(fakeApi({ getMacSightings }));
    fireEvent.change(screen.getByLabelText('MAC address'), {
      target: { value: 'nope' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Show history' }));
    expect(await screen.findByText('Not a MAC address.')).toBeInTheDocument();
    expect(getMacSightings).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('MAC address'), {
      target: { value: '0A1B.2C3D.4E5F' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Show history' }));
    const table = await screen.findByRole('table', {
      name: 'Sightings of 0a:1b:2c:3d:4e:5f',
    });
    expect(getMacSightings).toHaveBeenCalledWith(MAC);
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText('Gi1/0/12')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Edge')).toBeInTheDocument();
    expect(within(rows[1]).getByText('20')).toBeInTheDocument();
    expect(
      within(rows[1]).getByText(new Date(T0 + 86_400_000).toLocaleString()),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText('Lldp uplink')).toBeInTheDocument();
  });

  it("opens a result's history from its History button, and says so on 403", async () => {
    const error = await responseError(403, {
      error: { name: 'NotAllowedError', message: 'Not allowed' },
    });
    await render(
      fakeApi({ getMacSightings: async () => Promise.reject(error) }),
    );
    trace(`${MAC} 00:11:22:33:44:55`);
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'History of 0a:1b:2c:3d:4e:5f',
      }),
    );
    expect(
      await screen.findByText(
        'Reading the history needs the infra.mactrace.run permission.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('MAC address')).toHaveValue(
      '0a:1b:2c:3d:4e:5f',
    );
  });
});
