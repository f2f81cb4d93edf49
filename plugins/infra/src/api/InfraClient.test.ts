import { ResponseError } from '@backstage/errors';
import { fakeResponse, withFakeFetch } from './__testUtils__/fakeFetch';
import { InfraClient } from './InfraClient';

function client(response: Response) {
  return withFakeFetch(deps => new InfraClient(deps), response);
}

describe('InfraClient', () => {
  it("reads the sync status from the catalog backend's infra module", async () => {
    const body = { sources: [] };
    const c = client(fakeResponse(200, body));
    await expect(c.client.getSyncStatus()).resolves.toEqual(body);
    expect(c.getBaseUrl).toHaveBeenCalledWith('catalog');
    expect(c.fetch).toHaveBeenCalledWith(
      'http://backstage/api/catalog/infra/sync-status',
    );
  });

  it('starts a sync with a POST and accepts 202', async () => {
    const c = client(fakeResponse(202, { triggered: 'x' }));
    await expect(c.client.triggerSync('vsphere', 'lab 1')).resolves.toBe(
      undefined,
    );
    expect(c.fetch).toHaveBeenCalledWith(
      'http://backstage/api/catalog/infra/sync-status/vsphere/lab%201/run',
      { method: 'POST' },
    );
  });

  it('rejects with a ResponseError carrying the status and message on 403', async () => {
    const c = client(
      fakeResponse(403, {
        error: {
          name: 'NotAllowedError',
          message: 'Starting a sync needs the infra.admin permission',
        },
        response: { statusCode: 403 },
      }),
    );
    const error = await c.client.triggerSync('vsphere', 'lab').catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toMatch(/infra\.admin/);
  });

  describe('cluster resources and alarms', () => {
    it("reads a cluster's cached resources from the infra backend, ids escaped", async () => {
      const body = { vcenter: 'lab 1', cluster: 'domain-c7' };
      const c = client(fakeResponse(200, body));
      await expect(
        c.client.getClusterResources('lab 1', 'domain-c7'),
      ).resolves.toEqual(body);
      expect(c.getBaseUrl).toHaveBeenCalledWith('infra');
      expect(c.fetch).toHaveBeenCalledWith(
        'http://backstage/api/infra/resources/lab%201/clusters/domain-c7',
      );
    });

    it("reads a cluster's triggered alarms from the alarms route", async () => {
      const body = { vcenter: 'lab', cluster: 'domain-c7', alarms: {} };
      const c = client(fakeResponse(200, body));
      await expect(
        c.client.getClusterAlarms('lab', 'domain-c7'),
      ).resolves.toEqual(body);
      expect(c.fetch).toHaveBeenCalledWith(
        'http://backstage/api/infra/resources/lab/clusters/domain-c7/alarms',
      );
    });

    it("rejects with a ResponseError carrying the backend's message", async () => {
      const c = client(
        fakeResponse(404, {
          error: {
            name: 'NotFoundError',
            message: "No vCenter 'x' is configured",
          },
          response: { statusCode: 404 },
        }),
      );
      const error = await c.client
        .getClusterAlarms('x', 'domain-c7')
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(404);
      expect(error.cause.message).toBe("No vCenter 'x' is configured");
    });
  });

  describe('MAC trace', () => {
    it('starts a trace with a JSON POST to the infra backend and returns the job id', async () => {
      const c = client(fakeResponse(202, { jobId: 'j1' }));
      await expect(
        c.client.startMacTrace({
          macs: 'aa:bb:cc:dd:ee:ff 0011.2233.4455',
          site: 'hq',
          floor: '2',
        }),
      ).resolves.toEqual({ jobId: 'j1' });
      expect(c.getBaseUrl).toHaveBeenCalledWith('infra');
      const [url, init] = c.fetch.mock.calls[0];
      expect(url).toBe('http://backstage/api/infra/mactrace/jobs');
      expect(init?.method).toBe('POST');
      expect(init?.headers).toEqual({ 'Content-Type': 'application/json' });
      expect(JSON.parse(String(init?.body))).toEqual({
        macs: 'aa:bb:cc:dd:ee:ff 0011.2233.4455',
        site: 'hq',
        floor: '2',
      });
    });

    it('reads a job by its escaped id', async () => {
      const job = { id: 'a/b', state: 'running' };
      const c = client(fakeResponse(200, job));
      await expect(c.client.getMacTraceJob('a/b')).resolves.toEqual(job);
      expect(c.fetch).toHaveBeenCalledWith(
        'http://backstage/api/infra/mactrace/jobs/a%2Fb',
      );
    });

    it('reads the sightings of a MAC with the MAC as a query parameter', async () => {
      const body = { mac: 'aabbccddeeff', sightings: [] };
      const c = client(fakeResponse(200, body));
      await expect(
        c.client.getMacSightings('aa:bb:cc:dd:ee:ff'),
      ).resolves.toEqual(body);
      expect(c.fetch).toHaveBeenCalledWith(
        'http://backstage/api/infra/mactrace/sightings?mac=aa%3Abb%3Acc%3Add%3Aee%3Aff',
      );
    });

    it('reads the sites, floors and switches for the pickers', async () => {
      const body = {
        sites: [{ site: 'hq', floors: [{ floor: '1', switches: 2 }] }],
        switches: [
          { id: 'sw1', site: 'hq', floor: '1', platform: 'cisco_ios' },
        ],
      };
      const c = client(fakeResponse(200, body));
      await expect(c.client.getMacTraceSwitches()).resolves.toEqual(body);
      expect(c.fetch).toHaveBeenCalledWith(
        'http://backstage/api/infra/mactrace/switches',
      );
    });

    it("keeps the server's message and the per-MAC list of a 400", async () => {
      const invalid = [{ input: 'zz', reason: 'not hex' }];
      const c = client(
        fakeResponse(400, {
          error: {
            name: 'InputError',
            message: '1 of the MAC addresses are not valid',
          },
          invalid,
        }),
      );
      const error = await c.client.startMacTrace({ macs: 'zz' }).catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(400);
      expect(error.cause.message).toBe('1 of the MAC addresses are not valid');
      expect(error.body.invalid).toEqual(invalid);
    });

    it('rejects with a 403 ResponseError without the permission', async () => {
      const c = client(
        fakeResponse(403, {
          error: {
            name: 'NotAllowedError',
            message: 'Not allowed: infra.mactrace.run',
          },
        }),
      );
      const error = await c.client.getMacTraceJob('j1').catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(403);
      expect(error.cause.message).toBe('Not allowed: infra.mactrace.run');
    });
  });
});
