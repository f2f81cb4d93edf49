import { ResponseError } from '@backstage/errors';
import { InfraClient } from './InfraClient';

function fakeResponse(status: number, body: unknown) {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 403 ? 'Forbidden' : 'OK',
    headers: { get: () => 'application/json' },
    json: async () => body,
    text: async () => JSON.stringify(body),
  } as unknown as Response;
}

function client(response: Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => response);
  const getBaseUrl = jest.fn(
    async (pluginId: string) => `http://backstage/api/${pluginId}`,
  );
  return {
    fetch,
    getBaseUrl,
    client: new InfraClient({
      discoveryApi: { getBaseUrl },
      fetchApi: { fetch: fetch as any },
    }),
  };
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
});
