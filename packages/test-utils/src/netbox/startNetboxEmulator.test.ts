import { describeWith } from '../requirements';
import { sharedFixtures } from '../shared';
import { NetboxEmulator, startNetboxEmulator } from './startNetboxEmulator';

const TOKEN = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

function client(emulator: NetboxEmulator, auth = `Token ${TOKEN}`) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emulator.url}${path}`, {
      method,
      headers: {
        Authorization: auth,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: 'manual',
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  };
}

describe('NetBox emulator (synthetic data)', () => {
  let emulator: NetboxEmulator;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    emulator = await startNetboxEmulator({
      seed: 'empty',
      synthetic: { vlans: 120, prefixes: 60 },
      token: [TOKEN, 'nbt_abc.def'],
    });
    call = client(emulator);
  });
  afterAll(() => emulator.stop());
  beforeEach(() => emulator.reset());

  describe('paging', () => {
    it('pages 50 by default with absolute next/previous links', async () => {
      const page = await call('GET', '/api/ipam/vlans/');
      expect(page.body.count).toBe(120);
      expect(page.body.results).toHaveLength(50);
      expect(page.body.next).toBe(
        `${emulator.url}/api/ipam/vlans/?limit=50&offset=50`,
      );
      expect(page.body.previous).toBeNull();
      const second = await call('GET', '/api/ipam/vlans/?limit=50&offset=50');
      expect(second.body.previous).toBe(
        `${emulator.url}/api/ipam/vlans/?limit=50`,
      );
      const last = await call('GET', '/api/ipam/vlans/?offset=100&limit=50');
      expect(last.body.results).toHaveLength(20);
      expect(last.body.next).toBeNull();
      expect(last.body.previous).toBe(
        `${emulator.url}/api/ipam/vlans/?limit=50&offset=50`,
      );
    });

    it('keeps filters in the links, keys sorted as DRF writes them', async () => {
      const page = await call(
        'GET',
        '/api/ipam/vlans/?vid=1&vid=2&vid=3&limit=1&status=active',
      );
      expect(page.body.next).toBe(
        `${emulator.url}/api/ipam/vlans/?limit=1&offset=1&status=active&vid=1&vid=2&vid=3`,
      );
    });

    it('clamps limit to MAX_PAGE_SIZE, limit=0 included', async () => {
      const small = await startNetboxEmulator({
        seed: 'empty',
        synthetic: { vlans: 30 },
        token: TOKEN,
        maxPageSize: 10,
        // NetBox never clamps below the default page size
        defaultPageSize: 5,
      });
      try {
        const c = client(small);
        for (const limit of ['1000', '0']) {
          const page = await c('GET', `/api/ipam/vlans/?limit=${limit}`);
          expect(page.body.results).toHaveLength(10);
          expect(page.body.next).toBe(
            `${small.url}/api/ipam/vlans/?limit=10&offset=10`,
          );
        }
        expect(
          (await c('GET', '/api/ipam/vlans/?limit=-5')).body.results,
        ).toHaveLength(5);
      } finally {
        await small.stop();
      }
    });
  });

  describe('representations', () => {
    it('trims with fields= and shapes brief objects', async () => {
      const trimmed = await call(
        'GET',
        '/api/ipam/vlans/?fields=id,vid,nope&limit=1',
      );
      expect(trimmed.body.results[0]).toEqual({ id: 1, vid: 1 });
      const brief = await call('GET', '/api/ipam/vlans/1/?brief=1');
      expect(Object.keys(brief.body)).toEqual([
        'id',
        'url',
        'display',
        'vid',
        'name',
        'description',
      ]);
      // any non-empty value turns brief on, as in NetBox
      expect(
        Object.keys((await call('GET', '/api/ipam/vlans/1/?brief=false')).body),
      ).toHaveLength(6);
      const omitted = await call(
        'GET',
        '/api/ipam/vlans/1/?omit=tags,custom_fields',
      );
      expect(omitted.body).not.toHaveProperty('tags');
      expect(omitted.body).toHaveProperty('group');
    });

    it('renders nested objects, choices and timestamps as NetBox 4.x does', async () => {
      const { body } = await call('GET', '/api/ipam/prefixes/1/');
      expect(body).toMatchObject({
        id: 1,
        url: `${emulator.url}/api/ipam/prefixes/1/`,
        display: '10.128.0.0/24',
        family: { value: 4, label: 'IPv4' },
        scope_type: null,
        scope: null,
        status: { value: 'active', label: 'Active' },
        vlan: { id: 1, vid: 1, name: 'SYN-1', display: 'SYN-1 (1)' },
        created: '2025-01-01T00:00:00Z',
      });
      const vlan = (await call('GET', '/api/ipam/vlans/1/')).body;
      expect(vlan.group).toEqual({
        id: 1,
        url: `${emulator.url}/api/ipam/vlan-groups/1/`,
        display: 'Synthetic 1',
        name: 'Synthetic 1',
        slug: 'synthetic-1',
        description: 'generated',
      });
      expect(vlan.prefix_count).toBe(1);
    });

    it('behaves like NetBox before 4.0 when told to ignore fields=', async () => {
      const old = await startNetboxEmulator({
        synthetic: { vlans: 2 },
        token: TOKEN,
        ignoreFields: true,
      });
      try {
        const page = await client(old)('GET', '/api/ipam/vlans/?fields=id');
        expect(Object.keys(page.body.results[0]).length).toBeGreaterThan(10);
      } finally {
        await old.stop();
      }
    });
  });

  describe('filters', () => {
    it('ORs repeated keys, ANDs different ones and ignores unknown names', async () => {
      const list = async (q: string) =>
        (await call('GET', `/api/ipam/vlans/?limit=0&${q}`)).body;
      expect((await list('vid=5&vid=6')).count).toBe(2);
      expect((await list('vid=5&vid=6&name=SYN-5')).count).toBe(1);
      expect((await list('not_a_filter=1')).count).toBe(120);
      expect((await list('id=3&id=4&id=999')).count).toBe(2);
      expect((await list('group_id=1')).count).toBe(120);
    });

    it('selects by last_updated__gte and rejects bad values with field errors', async () => {
      const recent = await call(
        'GET',
        '/api/ipam/vlans/?last_updated__gte=2025-01-01T00:01:50Z',
      );
      expect(recent.body.count).toBe(10);
      expect(
        (await call('GET', '/api/ipam/vlans/?last_updated__gte=yesterday'))
          .body,
      ).toEqual({
        last_updated__gte: ['Enter a valid date/time.'],
      });
      const missing = await call('GET', '/api/ipam/prefixes/?vlan_id=99999');
      expect(missing.status).toBe(400);
      expect(missing.body).toEqual({
        vlan_id: [
          'Select a valid choice. 99999 is not one of the available choices.',
        ],
      });
      expect((await call('GET', '/api/ipam/vlans/?vid=abc')).status).toBe(400);
      expect((await call('GET', '/api/ipam/vlans/?status=bogus')).status).toBe(
        400,
      );
    });

    it('filters prefixes by VLAN (null for none), containment and mask length', async () => {
      const byVlan = await call(
        'GET',
        '/api/ipam/prefixes/?vlan_id=1&vlan_id=2',
      );
      expect(byVlan.body.results.map((p: any) => p.vlan.id)).toEqual([1, 2]);
      await call('POST', '/api/ipam/prefixes/', { prefix: '10.128.0.0/16' });
      expect(
        (await call('GET', '/api/ipam/prefixes/?vlan_id=null')).body.count,
      ).toBe(1);
      expect(
        (await call('GET', '/api/ipam/prefixes/?within=10.128.0.0/16&limit=0'))
          .body.count,
      ).toBe(60);
      expect(
        (await call('GET', '/api/ipam/prefixes/?contains=10.128.3.7')).body
          .count,
      ).toBe(2);
      expect(
        (await call('GET', '/api/ipam/prefixes/?mask_length=16')).body.count,
      ).toBe(1);
      // the new container counts its children and deepens them
      const container = (
        await call('GET', '/api/ipam/prefixes/?mask_length=16')
      ).body.results[0];
      expect(container.children).toBe(60);
      expect((await call('GET', '/api/ipam/prefixes/1/')).body._depth).toBe(1);
    });
  });

  describe('auth', () => {
    it('accepts v1 Token and v2 Bearer nbt_ headers and answers 403 otherwise', async () => {
      expect((await call('GET', '/api/status/')).status).toBe(200);
      expect(
        (await client(emulator, 'Bearer nbt_abc.def')('GET', '/api/status/'))
          .status,
      ).toBe(200);
      // each token only in its own header form
      expect(
        (await client(emulator, `Bearer ${TOKEN}`)('GET', '/api/status/'))
          .status,
      ).toBe(403);
      expect(
        (await client(emulator, 'Token nbt_abc.def')('GET', '/api/status/'))
          .status,
      ).toBe(403);
      const bad = await client(emulator, 'Token nope')(
        'GET',
        '/api/ipam/vlans/',
      );
      expect(bad).toMatchObject({
        status: 403,
        body: { detail: 'Invalid token' },
      });
      const none = await client(emulator, '')('GET', '/api/ipam/vlans/');
      expect(none.status).toBe(403);
    });

    it('reports its version', async () => {
      const status = await call('GET', '/api/status/');
      expect(status.body['netbox-version']).toBe('4.3.0');
      expect(status.headers.get('api-version')).toBe('4.3');
    });
  });

  describe('writes', () => {
    it('creates, reads, patches and deletes one object', async () => {
      const created = await call('POST', '/api/ipam/vlans/', {
        vid: 10,
        name: 'ten',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        vid: 10,
        name: 'ten',
        group: null,
        status: { value: 'active' },
      });
      const id = created.body.id;
      const patched = await call('PATCH', `/api/ipam/vlans/${id}/`, {
        description: 'x',
        status: 'reserved',
      });
      expect(patched.body).toMatchObject({
        description: 'x',
        status: { value: 'reserved', label: 'Reserved' },
      });
      expect(Date.parse(patched.body.last_updated)).toBeGreaterThanOrEqual(
        Date.parse(created.body.last_updated),
      );
      expect((await call('DELETE', `/api/ipam/vlans/${id}/`)).status).toBe(204);
      expect(await call('GET', `/api/ipam/vlans/${id}/`)).toMatchObject({
        status: 404,
        body: { detail: 'No VLAN matches the given query.' },
      });
    });

    it('reports field errors in DRF shapes', async () => {
      const res = await call('POST', '/api/ipam/vlans/', {
        vid: 5000,
        name: '',
        group: 999,
      });
      expect(res).toMatchObject({
        status: 400,
        body: {
          vid: ['Ensure this value is less than or equal to 4094.'],
          name: ['This field may not be blank.'],
          group: [
            'Related object not found using the provided numeric ID: 999',
          ],
        },
      });
      expect((await call('POST', '/api/ipam/vlans/', {})).body).toEqual({
        vid: ['This field is required.'],
        name: ['This field is required.'],
      });
    });

    it('keeps VLANs unique per group by vid and by name', async () => {
      const dupVid = await call('POST', '/api/ipam/vlans/', {
        vid: 1,
        name: 'other',
        group: 1,
      });
      expect(dupVid.body).toEqual({
        non_field_errors: ['The fields group, vid must make a unique set.'],
      });
      const dupName = await call('POST', '/api/ipam/vlans/', {
        vid: 4000,
        name: 'SYN-1',
        group: 1,
      });
      expect(dupName.body).toEqual({
        non_field_errors: ['The fields group, name must make a unique set.'],
      });
      // without a group there is no uniqueness
      expect(
        (await call('POST', '/api/ipam/vlans/', { vid: 1, name: 'SYN-1' }))
          .status,
      ).toBe(201);
    });

    it('creates a list all or none, errors aligned to the items', async () => {
      const before = emulator.state.count('ipam/vlans');
      const bad = await call('POST', '/api/ipam/vlans/', [
        { vid: 11, name: 'a' },
        { vid: 0, name: 'b' },
        { vid: 12, name: 'c' },
      ]);
      expect(bad).toMatchObject({
        status: 400,
        body: [
          {},
          { vid: ['Ensure this value is greater than or equal to 1.'] },
          {},
        ],
      });
      expect(emulator.state.count('ipam/vlans')).toBe(before);
      const ok = await call('POST', '/api/ipam/vlans/', [
        { vid: 11, name: 'a' },
        { vid: 12, name: 'c' },
      ]);
      expect(ok.status).toBe(201);
      expect(ok.body.map((v: any) => v.vid)).toEqual([11, 12]);
    });

    it('bulk-patches in table order, skips unknown ids, rolls back on a failure', async () => {
      const res = await call('PATCH', '/api/ipam/vlans/', [
        { id: 3, description: 'three' },
        { id: 2, description: 'two' },
        { id: 99999, description: 'none' },
      ]);
      expect(res.status).toBe(200);
      expect(res.body.map((v: any) => [v.id, v.description])).toEqual([
        [2, 'two'],
        [3, 'three'],
      ]);
      const failed = await call('PATCH', '/api/ipam/vlans/', [
        { id: 4, description: 'kept?' },
        { id: 5, vid: 9999 },
      ]);
      expect(failed).toMatchObject({
        status: 400,
        body: { vid: ['Ensure this value is less than or equal to 4094.'] },
      });
      expect((await call('GET', '/api/ipam/vlans/4/')).body.description).toBe(
        '',
      );
      expect(
        (await call('PATCH', '/api/ipam/vlans/', [{ description: 'x' }])).body,
      ).toEqual([{ id: ['This field is required.'] }]);
    });

    it('refuses to delete a VLAN a prefix uses (409) and bulk-deletes all or none', async () => {
      const res = await call('DELETE', '/api/ipam/vlans/1/');
      expect(res).toMatchObject({
        status: 409,
        body: {
          detail:
            'Unable to delete object. 1 dependent objects were found: 10.128.0.0/24 (1)',
        },
      });
      expect(
        (await call('DELETE', '/api/ipam/vlans/', [{ id: 100 }, { id: 1 }]))
          .status,
      ).toBe(409);
      expect(emulator.state.get('ipam/vlans', 100)).toBeDefined();
      expect(
        (await call('DELETE', '/api/ipam/vlans/', [{ id: 100 }, { id: 101 }]))
          .status,
      ).toBe(204);
      expect(emulator.state.get('ipam/vlans', 100)).toBeUndefined();
    });

    it('rejects a duplicate prefix in the global table', async () => {
      const res = await call('POST', '/api/ipam/prefixes/', {
        prefix: '10.128.0.5/24',
      });
      expect(res.body).toEqual({
        prefix: ['Duplicate prefix found in global table: 10.128.0.0/24'],
      });
    });
  });

  describe('test controls', () => {
    it('counts calls in total and per method and path', async () => {
      await call('GET', '/api/ipam/vlans/');
      await call('GET', '/api/ipam/vlans/');
      await call('GET', '/api/ipam/vlans/1/');
      const calls = emulator.calls();
      expect(calls.total).toBe(3);
      expect(calls.byRoute).toEqual({
        'GET /api/ipam/vlans/': 2,
        'GET /api/ipam/vlans/1/': 1,
      });
      expect(calls.log[0]).toMatchObject({
        method: 'GET',
        path: '/api/ipam/vlans/',
        status: 200,
      });
      emulator.resetCalls();
      expect(emulator.calls().total).toBe(0);
    });

    it('injects 429 with Retry-After, gateway errors and dropped connections', async () => {
      emulator.injectFaults(
        { status: 429, count: 2, retryAfter: 3 },
        { status: 503, match: { method: 'GET', path: '/api/ipam/prefixes/' } },
      );
      const first = await call('GET', '/api/ipam/vlans/');
      expect(first.status).toBe(429);
      expect(first.headers.get('retry-after')).toBe('3');
      expect((await call('GET', '/api/ipam/prefixes/')).status).toBe(429);
      expect((await call('GET', '/api/ipam/prefixes/')).status).toBe(503);
      expect((await call('GET', '/api/ipam/prefixes/')).status).toBe(200);
      emulator.injectFaults({ status: 'reset' });
      await expect(call('GET', '/api/ipam/vlans/')).rejects.toThrow();
      expect((await call('GET', '/api/ipam/vlans/')).status).toBe(200);
    });

    it('delays answers by the configured latency', async () => {
      emulator.setLatency(({ path }) => (path.includes('vlans') ? 150 : 0));
      const started = Date.now();
      await call('GET', '/api/ipam/vlans/1/');
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('reset restores the seeded data', async () => {
      await call('DELETE', '/api/ipam/prefixes/1/');
      emulator.state.update('ipam/vlans', 2, {
        name: 'changed behind the back',
      });
      emulator.reset();
      expect(emulator.state.get('ipam/prefixes', 1)).toBeDefined();
      expect((await call('GET', '/api/ipam/vlans/2/')).body.name).toBe('SYN-2');
    });
  });

  it('handles 10,000 synthetic VLANs and prefixes', async () => {
    const big = await startNetboxEmulator({
      synthetic: { vlans: 10_000, prefixes: 10_000 },
      token: TOKEN,
    });
    try {
      const c = client(big);
      const started = Date.now();
      const page = await c('GET', '/api/ipam/prefixes/?limit=1000&offset=9000');
      expect(page.body.count).toBe(10_000);
      expect(page.body.results).toHaveLength(1000);
      expect(page.body.next).toBeNull();
      expect(Date.now() - started).toBeLessThan(2000);
      expect((await c('GET', '/api/ipam/vlan-groups/')).body.count).toBe(3);
    } finally {
      await big.stop();
    }
  }, 30_000);
});

describeWith(sharedFixtures)('NetBox emulator (demo data)', () => {
  let emulator: NetboxEmulator;
  let call: ReturnType<typeof client>;

  beforeAll(async () => {
    emulator = await startNetboxEmulator({ seed: 'demo', token: TOKEN });
    call = client(emulator);
  });
  afterAll(() => emulator.stop());

  it('loads the demo rows', async () => {
    const counts: Record<string, number> = {};
    for (const e of [
      'ipam/vlans',
      'ipam/prefixes',
      'ipam/vlan-groups',
      'dcim/sites',
      'dcim/site-groups',
      'tenancy/tenants',
      'ipam/vrfs',
      'ipam/roles',
    ]) {
      counts[e] = (await call('GET', `/api/${e}/?limit=1`)).body.count;
    }
    expect(counts).toEqual({
      'ipam/vlans': 63,
      'ipam/prefixes': 90,
      'ipam/vlan-groups': 7,
      'dcim/sites': 24,
      'dcim/site-groups': 3,
      'tenancy/tenants': 11,
      'ipam/vrfs': 6,
      'ipam/roles': 5,
    });
  });

  it('shows prefixes with their scope and VLANs with their group', async () => {
    const prefix = (await call('GET', '/api/ipam/prefixes/8/')).body;
    expect(prefix).toMatchObject({
      prefix: '10.112.129.0/24',
      scope_type: 'dcim.site',
      scope_id: 2,
      scope: { id: 2, name: 'DM-Akron', slug: 'dm-akron' },
      vlan: { id: 1, vid: 100, name: 'Data' },
      last_updated: '2020-12-30T20:13:41.429000Z',
    });
    const vlan = (await call('GET', '/api/ipam/vlans/40/')).body;
    expect(vlan).toMatchObject({
      vid: 201,
      group: { id: 2, name: 'JBB104' },
      site: { id: 15 },
    });
    const group = (await call('GET', '/api/ipam/vlan-groups/2/')).body;
    expect(group).toMatchObject({
      scope_type: 'dcim.site',
      scope_id: 15,
      vid_ranges: [[1, 4094]],
      vlan_count: 4,
    });
    const tenant = (await call('GET', '/api/tenancy/tenants/1/')).body;
    expect(tenant.custom_fields).toEqual({ cust_id: 'INI04' });
  });

  it('filters by site group through the tree and by scope', async () => {
    // Customer Sites (1) holds Branch Offices (2) and Headquarters (3)
    const all = (
      await call('GET', '/api/ipam/prefixes/?site_group_id=1&limit=0')
    ).body.count;
    const branches = (
      await call('GET', '/api/ipam/prefixes/?site_group_id=2&limit=0')
    ).body.count;
    const hq = (
      await call('GET', '/api/ipam/prefixes/?site_group_id=3&limit=0')
    ).body.count;
    expect(all).toBe(65);
    expect(branches + hq).toBe(all);
    expect(
      (await call('GET', '/api/ipam/prefixes/?scope_type=dcim.site&scope_id=2'))
        .body.count,
    ).toBe(5);
    expect(
      (
        await call(
          'GET',
          '/api/ipam/vlan-groups/?scope_type=dcim.site&scope_id=15',
        )
      ).body.count,
    ).toBe(1);
    expect(
      (await call('GET', '/api/ipam/vlans/?group_id=2&vid=201')).body.results[0]
        .id,
    ).toBe(40);
  });
});
