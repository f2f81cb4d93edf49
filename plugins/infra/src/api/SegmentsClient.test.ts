import { ResponseError } from '@backstage/errors';
import { fakeResponse, withFakeFetch } from './__testUtils__/fakeFetch';
import { SegmentsClient } from './SegmentsClient';

function client(response: Response) {
  return withFakeFetch(deps => new SegmentsClient(deps), response);
}

const item = {
  site: 'hq',
  vlan_id: 100,
  epg_name: 'web',
  prefix: '10.1.0.0/24',
  vrf: 'prod',
};
const writeResult = { dryRun: true, calls: [], diff: {} };

describe('SegmentsClient', () => {
  it('lists segments of the infra backend, filtered by site group', async () => {
    const c = client(fakeResponse(200, { segments: [] }));
    await expect(
      c.client.listSegments({ siteGroup: ' HQ West ' }),
    ).resolves.toEqual({ segments: [] });
    expect(c.getBaseUrl).toHaveBeenCalledWith('infra');
    expect(c.fetch).toHaveBeenCalledWith(
      'http://backstage/api/infra/segments?siteGroup=HQ+West',
    );
  });

  it('lists every segment without a filter', async () => {
    const c = client(fakeResponse(200, { segments: [] }));
    await c.client.listSegments();
    expect(c.fetch).toHaveBeenCalledWith('http://backstage/api/infra/segments');
  });

  it('plans a create with ?dryRun=true and a JSON list body', async () => {
    const c = client(fakeResponse(200, writeResult));
    await expect(
      c.client.createSegments([item], { dryRun: true }),
    ).resolves.toEqual(writeResult);
    const [url, init] = c.fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/infra/segments?dryRun=true');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual([item]);
    expect(init?.headers).toEqual({ 'Content-Type': 'application/json' });
  });

  it('sends the idempotency key of a create as a header', async () => {
    const c = client(fakeResponse(201, { ...writeResult, dryRun: false }));
    await c.client.createSegments([item], { idempotencyKey: 'key-1' });
    const [url, init] = c.fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/infra/segments');
    expect(init?.headers).toEqual({
      'Content-Type': 'application/json',
      'Idempotency-Key': 'key-1',
    });
  });

  it('updates with a PATCH of [{id, changes}]', async () => {
    const c = client(fakeResponse(200, writeResult));
    const updates = [{ id: 7, changes: { vlan_id: 101 } }];
    await c.client.updateSegments(updates, { dryRun: true });
    const [url, init] = c.fetch.mock.calls[0];
    expect(url).toBe('http://backstage/api/infra/segments?dryRun=true');
    expect(init?.method).toBe('PATCH');
    expect(JSON.parse(String(init?.body))).toEqual(updates);
  });

  it('deletes by the NetBox VLAN id', async () => {
    const c = client(fakeResponse(200, writeResult));
    await c.client.deleteSegment(42);
    expect(c.fetch).toHaveBeenCalledWith(
      'http://backstage/api/infra/segments/42',
      { method: 'DELETE' },
    );
  });

  it("keeps the router's per-item errors in a ResponseError", async () => {
    const items = [
      { index: 0, field: 'vlan_id', message: 'vlan_id 4095 is outside' },
    ];
    const c = client(
      fakeResponse(400, {
        error: { name: 'SegmentsValidationError', message: '1 problem' },
        items,
      }),
    );
    const error = await c.client.createSegments([item]).catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toBe('1 problem');
    expect(error.body.items).toEqual(items);
  });

  it('rejects with the backend message on 403', async () => {
    const c = client(
      fakeResponse(403, {
        error: {
          name: 'NotAllowedError',
          message:
            'Changing segments needs the infra.segments.write permission',
        },
        request: { method: 'DELETE', url: '/segments/1' },
        response: { statusCode: 403 },
      }),
    );
    const error = await c.client.deleteSegment(1).catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toMatch(/infra\.segments\.write/);
  });
});
