import {
  NetboxEmulator,
  startNetboxEmulator,
} from '@internal/infra-test-utils';
import { performance } from 'node:perf_hooks';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import {
  NetboxConflictError,
  NetboxNotFoundError,
  NetboxPermissionError,
  NetboxUnavailableError,
  NetboxValidationError,
} from './errors';
import { NetboxClient } from './NetboxClient';
import { NetboxTransport } from './NetboxTransport';
import { NetboxClientOptions, NetboxLogger } from './types';

const V1 = '0123456789abcdef0123456789abcdef01234567';
const V2 = 'nbt_k3y1d.s3cr3tv2tokenvalue';

function capture() {
  const lines: Array<{ level: string; message: string; meta?: JsonObject }> =
    [];
  const logger: NetboxLogger = {
    debug: (message, meta) => lines.push({ level: 'debug', message, meta }),
    info: (message, meta) => lines.push({ level: 'info', message, meta }),
    warn: (message, meta) => lines.push({ level: 'warn', message, meta }),
  };
  return { logger, lines };
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('NetboxClient against the NetBox emulator', () => {
  let emulator: NetboxEmulator;
  const make = (options: Partial<NetboxClientOptions> = {}) =>
    new NetboxClient({
      baseUrl: emulator.url,
      token: V1,
      retry: { baseDelayMs: 20, maxDelayMs: 200 },
      ...options,
    });

  beforeAll(async () => {
    emulator = await startNetboxEmulator({
      seed: 'empty',
      synthetic: { vlans: 2500, prefixes: 300 },
      token: [V1, V2],
    });
  }, 30_000);
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  describe('list', () => {
    it('reads 2,500 VLANs in exactly 3 calls, the last two in parallel by offset', async () => {
      const result = await make().list<{ id: number }>('ipam/vlans');
      expect(result.results).toHaveLength(2500);
      expect(new Set(result.results.map(v => v.id)).size).toBe(2500);
      expect(result).toMatchObject({
        count: 2500,
        pages: 3,
        calls: 3,
        pageSize: 1000,
      });
      const calls = emulator.calls();
      expect(calls.byRoute).toEqual({ 'GET /api/ipam/vlans/': 3 });
      expect(
        calls.log.map(c => new URLSearchParams(c.query).get('offset')).sort(),
      ).toEqual(['0', '1000', '2000']);
    });

    it('fetches the pages after the first concurrently, within the read cap', async () => {
      const arrivals: number[] = [];
      emulator.setLatency(() => {
        arrivals.push(performance.now());
        return 300;
      });
      expect(
        (
          await make({ pageSize: 500, concurrency: { reads: 4 } }).list(
            'ipam/vlans',
          )
        ).calls,
      ).toBe(5);
      // the first page alone, then the other four arrive together, inside one latency
      expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(290);
      expect(arrivals[4] - arrivals[1]).toBeLessThan(250);

      arrivals.length = 0;
      await make({ pageSize: 500, concurrency: { reads: 2 } }).list(
        'ipam/vlans',
      );
      // two at a time: the third and fourth pages wait for a slot
      expect(arrivals[2] - arrivals[1]).toBeLessThan(250);
      expect(arrivals[3] - arrivals[1]).toBeGreaterThanOrEqual(290);
    });

    it('follows the page size NetBox clamps to', async () => {
      const clamped = await startNetboxEmulator({
        synthetic: { vlans: 250 },
        token: V1,
        maxPageSize: 100,
        defaultPageSize: 50,
      });
      try {
        const result = await new NetboxClient({
          baseUrl: clamped.url,
          token: V1,
        }).list('ipam/vlans');
        expect(result).toMatchObject({
          count: 250,
          pages: 3,
          calls: 3,
          pageSize: 100,
        });
        expect(result.results).toHaveLength(250);
      } finally {
        await clamped.stop();
      }
    });

    it('trims reads with fields= and still works when the server ignores it', async () => {
      const trimmed = await make().list('ipam/vlans', {
        fields: ['vid', 'name'],
        filters: { vid: 7 },
      });
      expect(trimmed.results[0]).toEqual({ id: 7, vid: 7, name: 'SYN-7' });
      expect(trimmed.fieldsIgnored).toBe(false);
      expect(emulator.calls().log[0].query).toContain('fields=id%2Cvid%2Cname');

      const old = await startNetboxEmulator({
        synthetic: { vlans: 3 },
        token: V1,
        ignoreFields: true,
      });
      try {
        const { logger, lines } = capture();
        const client = new NetboxClient({
          baseUrl: old.url,
          token: V1,
          logger,
        });
        const result = await client.list<{ id: number; vid: number }>(
          'ipam/vlans',
          { fields: ['vid'] },
        );
        expect(result.results.map(v => v.vid)).toEqual([1, 2, 3]);
        expect(result.fieldsIgnored).toBe(true);
        await client.list('ipam/vlans', { fields: ['vid'] });
        expect(
          lines.filter(
            l => l.level === 'info' && /ignored fields/.test(l.message),
          ),
        ).toHaveLength(1);
      } finally {
        await old.stop();
      }
    });

    it('asks for brief objects', async () => {
      const brief = await make().list('ipam/vlans', {
        brief: true,
        filters: { id: [1] },
      });
      expect(Object.keys(brief.results[0])).toEqual([
        'id',
        'url',
        'display',
        'vid',
        'name',
        'description',
      ]);
    });

    it('ORs list filters, and never sends an empty list or an unchecked name', async () => {
      const client = make();
      const some = await client.list<{ vlan: { id: number } }>(
        'ipam/prefixes',
        {
          filters: { vlan_id: [3, 4] },
        },
      );
      expect(some.results.map(p => p.vlan.id)).toEqual([3, 4]);
      emulator.resetCalls();
      const none = await client.list('ipam/prefixes', {
        filters: { vlan_id: [] },
      });
      expect(none).toMatchObject({ results: [], calls: 0 });
      await expect(
        client.list('ipam/vlan-groups', { filters: { site_group_id: 1 } }),
      ).rejects.toThrow(InputError);
      expect(emulator.calls().total).toBe(0);
    });

    it('splits an id filter too long for one URL and merges the answers', async () => {
      const ids = Array.from({ length: 200 }, (_, i) => i + 1);
      const result = await make({ maxUrlLength: 400 }).list<{ id: number }>(
        'ipam/vlans',
        {
          filters: { id: ids },
          fields: ['vid'],
        },
      );
      expect(result.results.map(v => v.id)).toEqual(ids);
      expect(result.calls).toBeGreaterThan(3);
      for (const c of emulator.calls().log)
        expect(c.path.length + c.query.length).toBeLessThan(400);
    });

    it('reads again when the table changes between pages', async () => {
      let n = 0;
      emulator.setLatency(() => {
        // a VLAN appears while the first read is in flight
        if (++n === 2)
          emulator.state.insert('ipam/vlans', {
            vid: 4000,
            name: 'late',
            group: null,
          });
        return 0;
      });
      const result = await make().list('ipam/vlans');
      expect(result.results).toHaveLength(2501);
      expect(result.inconsistent).toBe(false);
      expect(result.calls).toBe(6);
    });

    it('surfaces a filter naming a missing object as a field error', async () => {
      const error = await caught(
        make().list('ipam/prefixes', { filters: { vlan_id: [999999] } }),
      );
      expect(error).toBeInstanceOf(NetboxValidationError);
      expect((error as NetboxValidationError).fieldErrors[0].field).toBe(
        'vlan_id',
      );
    });
  });

  describe('retries', () => {
    it('honours Retry-After in seconds on 429', async () => {
      emulator.injectFaults({ status: 429, retryAfter: 1 });
      // a backoff this long would show if Retry-After were ignored
      const client = make({ retry: { baseDelayMs: 5000, maxDelayMs: 5000 } });
      const started = Date.now();
      const result = await client.list('ipam/roles');
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(950);
      expect(elapsed).toBeLessThan(2000);
      expect(result).toMatchObject({ calls: 2, retries: 1 });
      expect(client.stats().retries).toBe(1);
    });

    it('honours Retry-After as an HTTP date', async () => {
      emulator.injectFaults({
        status: 503,
        retryAfter: new Date(Date.now() + 2000).toUTCString(),
      });
      const started = Date.now();
      await make({
        retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 },
      }).status();
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(2600);
    });

    it('backs off on 502/503/504 and dropped connections, then gives up after maxAttempts', async () => {
      emulator.injectFaults(
        { status: 502 },
        { status: 504 },
        { status: 'reset' },
      );
      const client = make();
      expect((await client.list('ipam/roles')).retries).toBe(3);

      emulator.resetCalls();
      emulator.injectFaults({ status: 503, count: 10 });
      const error = await caught(
        make({ retry: { maxAttempts: 3, baseDelayMs: 10 } }).status(),
      );
      expect(error).toBeInstanceOf(NetboxUnavailableError);
      expect((error as NetboxUnavailableError).attempts).toBe(3);
      expect(emulator.calls().total).toBe(3);
    });

    it('never retries 400, 403, 404 or 409', async () => {
      const client = make();
      await expect(
        client.create('ipam/vlans', { vid: 0, name: 'x' }),
      ).rejects.toBeInstanceOf(NetboxValidationError);
      await expect(client.get('ipam/vlans', 999999)).rejects.toBeInstanceOf(
        NetboxNotFoundError,
      );
      await expect(client.delete('ipam/vlans', 1)).rejects.toBeInstanceOf(
        NetboxConflictError,
      );
      await expect(
        new NetboxClient({
          baseUrl: emulator.url,
          token: 'wrong-token',
        }).status(),
      ).rejects.toBeInstanceOf(NetboxPermissionError);
      expect(emulator.calls().total).toBe(4);
      expect(client.stats().retries).toBe(0);
    });

    it('does not repeat a POST after a 502, which may have been applied', async () => {
      emulator.injectFaults({ status: 502, match: { method: 'POST' } });
      const error = await caught(
        make().create('ipam/roles', { name: 'R', slug: 'r' }),
      );
      expect(error).toBeInstanceOf(NetboxUnavailableError);
      expect(emulator.calls().byRoute['POST /api/ipam/roles/']).toBe(1);
    });
  });

  describe('writes', () => {
    it('names the field and item index of a bad item in a bulk create, and creates nothing', async () => {
      const before = emulator.state.count('ipam/vlans');
      const error = await caught(
        make().create('ipam/vlans', [
          { vid: 10, name: 'ok' },
          { vid: 5000, name: 'too high' },
          { vid: 11, name: 'ok too' },
          { vid: 12, name: '' },
        ]),
      );
      expect(error).toBeInstanceOf(NetboxValidationError);
      const v = error as NetboxValidationError;
      expect(v.status).toBe(400);
      expect(v.fieldErrors).toEqual([
        {
          index: 1,
          field: 'vid',
          messages: ['Ensure this value is less than or equal to 4094.'],
        },
        { index: 3, field: 'name', messages: ['This field may not be blank.'] },
      ]);
      expect(v.message).toContain(
        'item 1: vid: Ensure this value is less than or equal to 4094.',
      );
      expect(emulator.state.count('ipam/vlans')).toBe(before);
    });

    it('keeps whole-request item indexes when a bulk create is chunked', async () => {
      const items = Array.from({ length: 5 }, (_, i) => ({
        vid: 100 + i,
        name: `c${i}`,
      }));
      items[3] = { vid: 0, name: 'bad' };
      const error = (await caught(
        make().create('ipam/vlans', items, { chunkSize: 2 }),
      )) as NetboxValidationError;
      expect(error.fieldErrors[0]).toMatchObject({ index: 3, field: 'vid' });
    });

    it('reports a uniqueness violation as a field error', async () => {
      const error = (await caught(
        make().create('ipam/vlans', { vid: 1, name: 'dup', group: 1 }),
      )) as NetboxValidationError;
      expect(error.fieldErrors).toEqual([
        {
          field: 'non_field_errors',
          messages: ['The fields group, vid must make a unique set.'],
        },
      ]);
    });

    it('creates, updates and deletes one object and many', async () => {
      const client = make();
      const one = await client.create<{ id: number; vid: number }>(
        'ipam/vlans',
        { vid: 50, name: 'fifty' },
      );
      const many = await client.create<{ id: number }>('ipam/vlans', [
        { vid: 51, name: 'a' },
        { vid: 52, name: 'b' },
      ]);
      expect(many).toHaveLength(2);
      const patched = await client.update<{ description: string }>(
        'ipam/vlans',
        one.id,
        {
          description: 'one',
        },
      );
      expect(patched.description).toBe('one');
      // NetBox answers a bulk PATCH in table order; the client gives the request's order back
      const bulk = await client.update<{ id: number; description: string }>(
        'ipam/vlans',
        [
          { id: many[1].id, description: 'b' },
          { id: many[0].id, description: 'a' },
        ],
      );
      expect(bulk.map(v => v.description)).toEqual(['b', 'a']);
      await client.delete('ipam/vlans', one.id);
      await client.delete(
        'ipam/vlans',
        many.map(v => v.id),
      );
      expect(emulator.state.get('ipam/vlans', one.id)).toBeUndefined();
      expect(emulator.state.get('ipam/vlans', many[0].id)).toBeUndefined();
    });

    it('says which ids a bulk update did not find', async () => {
      const error = await caught(
        make().update('ipam/vlans', [
          { id: 5, description: 'x' },
          { id: 987654, description: 'y' },
        ]),
      );
      expect(error).toBeInstanceOf(NetboxNotFoundError);
      expect(error.message).toContain('987654');
      expect(emulator.state.get('ipam/vlans', 5)?.description).toBe('x');
    });

    it('reports a protected delete as a conflict naming the dependents', async () => {
      const error = await caught(make().delete('ipam/vlans', [1, 2]));
      expect(error).toBeInstanceOf(NetboxConflictError);
      expect(error.message).toContain('dependent objects were found');
    });
  });

  describe('auth, logging and statistics', () => {
    it('sends v1 tokens as Token and v2 tokens as Bearer', async () => {
      expect((await make({ token: V1 }).status()).netboxVersion).toBe('4.3.0');
      const status = await make({ token: V2 }).status();
      expect(status).toMatchObject({
        netboxVersion: '4.3.0',
        apiVersion: '4.3',
      });
    });

    it('keeps the token out of logs and error messages', async () => {
      const { logger, lines } = capture();
      const secret = 'nbt_wrongkey.verysecretvalue';
      const client = make({ token: secret, logger });
      const error = await caught(client.list('ipam/vlans'));
      expect(error).toBeInstanceOf(NetboxPermissionError);
      expect(error.message).toContain('Invalid token');
      expect(JSON.stringify(lines)).not.toContain('verysecretvalue');
      expect(`${error.message} ${error.stack}`).not.toContain(
        'verysecretvalue',
      );
    });

    it('logs every call with method, path and duration, and warns about slow ones', async () => {
      const { logger, lines } = capture();
      emulator.setLatency(({ path }) =>
        path === '/api/ipam/roles/' ? 120 : 0,
      );
      const client = make({
        logger,
        thresholds: { slowMs: 100, severeMs: 10_000 },
      });
      await client.list('ipam/vlans', { filters: { vid: 1 } });
      await client.list('ipam/roles');
      const debug = lines.filter(l => l.level === 'debug');
      expect(debug[0].meta).toMatchObject({ method: 'GET', status: 200 });
      expect(String(debug[0].meta?.path)).toMatch(
        /^\/api\/ipam\/vlans\/\?vid=1&limit=1000&offset=0$/,
      );
      expect(typeof debug[0].meta?.durationMs).toBe('number');
      const warns = lines.filter(l => l.level === 'warn');
      expect(warns).toHaveLength(1);
      expect(warns[0].message).toMatch(
        /\/api\/ipam\/roles\/.*slow.*throttling/,
      );
      expect(client.stats()).toMatchObject({
        calls: 2,
        slowCalls: 1,
        severeCalls: 0,
      });

      emulator.setLatency(120);
      const severe = make({
        logger,
        thresholds: { slowMs: 50, severeMs: 100 },
      });
      await severe.status();
      expect(severe.stats().severeCalls).toBe(1);
    });

    it('counts calls, retries and bytes per route', async () => {
      const client = make();
      await client.get('ipam/vlans', 3);
      await client.create('ipam/roles', { name: 'Counted', slug: 'counted' });
      const stats = client.stats();
      expect(stats.byRoute).toEqual({
        'GET /api/ipam/vlans/{id}/': 1,
        'POST /api/ipam/roles/': 1,
      });
      expect(stats.bytesSent).toBeGreaterThan(10);
      expect(stats.bytesReceived).toBeGreaterThan(100);
      client.resetStats();
      expect(client.stats().calls).toBe(0);
    });

    it('stops waiting when the caller aborts', async () => {
      emulator.setLatency(2000);
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('caller gave up')), 100);
      const started = Date.now();
      await expect(
        make().list('ipam/vlans', { signal: controller.signal }),
      ).rejects.toThrow('caller gave up');
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });
});

describe('NetboxClient paging details (scripted server)', () => {
  function scripted(pages: Record<string, unknown>) {
    const seen: string[] = [];
    const fetchImpl = (async (url: string) => {
      seen.push(url);
      const key = Object.keys(pages).find(k => url.includes(k));
      return new Response(JSON.stringify(key ? pages[key] : {}), {
        status: key ? 200 : 404,
        headers: { 'Content-Type': 'application/json' },
      });
    }) as unknown as typeof fetch;
    return { seen, fetchImpl };
  }

  it('follows next links one by one when there is no count (4.6 cursor mode)', async () => {
    const { seen, fetchImpl } = scripted({
      'offset=0': {
        count: null,
        next: 'http://internal:8000/netbox/api/ipam/vlans/?start=3&limit=2',
        results: [{ id: 1 }, { id: 2 }],
      },
      'start=3': { count: null, next: null, results: [{ id: 3 }] },
    });
    const client = new NetboxClient({
      baseUrl: 'https://netbox.example.com/netbox/',
      token: V1,
      fetch: fetchImpl,
    });
    const result = await client.list('ipam/vlans', { pageSize: 2 });
    expect(result.results.map(r => (r as { id: number }).id)).toEqual([
      1, 2, 3,
    ]);
    // the link's host and scheme are NetBox's view of itself; we stay on ours
    expect(seen[1]).toBe(
      'https://netbox.example.com/netbox/api/ipam/vlans/?start=3&limit=2',
    );
  });

  it('keeps the configured root when resolving links', () => {
    const t = new NetboxTransport({
      baseUrl: 'https://nb.example.com/api/',
      token: V1,
    });
    expect(t.root).toBe('https://nb.example.com');
    const { path, query } = t.relativeLink(
      'http://10.0.0.5/api/ipam/prefixes/?limit=1000&offset=1000',
    );
    expect(path).toBe('/api/ipam/prefixes/');
    expect(query.get('offset')).toBe('1000');
  });
});
