import { readFileSync } from 'node:fs';
import { describeWith } from '../requirements';
import { sharedFixtures, sharedPath } from '../shared';
import { SERVED_ENDPOINTS } from './models';
import { loadOpenApi, NetboxContract } from './openapi';
import {
  NetboxEmulator,
  NetboxExchange,
  startNetboxEmulator,
} from './startNetboxEmulator';

/**
 * Every answer the emulator gives in a realistic session is validated against the response schema of
 * its operation in NetBox's own OpenAPI document (4.3), with objects closed (`additionalProperties:
 * false`) so a renamed, extra or missing field fails. `fields=`/`omit=` answers are outside the schema
 * and exempt; error bodies, which the schema does not describe, are checked against NetBox's shapes.
 */
describeWith(sharedFixtures)('NetBox emulator contract (OpenAPI 4.3)', () => {
  let contract: NetboxContract;
  let emulator: NetboxEmulator;
  const exchanges: NetboxExchange[] = [];

  beforeAll(async () => {
    contract = new NetboxContract(loadOpenApi());
    emulator = await startNetboxEmulator({
      seed: 'demo',
      token: [
        '0123456789abcdef0123456789abcdef01234567',
        'nbt_contract.secret',
      ],
      onExchange: e => exchanges.push(e),
    });
  }, 60_000);

  afterAll(async () => {
    await emulator?.stop();
  });

  async function call(
    method: string,
    path: string,
    body?: unknown,
    token = 'Token 0123456789abcdef0123456789abcdef01234567',
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(`${emulator.url}${path}`, {
      method,
      headers: {
        Authorization: token,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async function expectStatus(
    method: string,
    path: string,
    status: number,
    body?: unknown,
  ) {
    const res = await call(method, path, body);
    if (res.status !== status) {
      throw new Error(
        `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    return res.body;
  }

  it('answers a realistic session only with schema-valid bodies', async () => {
    // writes first, so lists and gets below also show created objects
    const vlan = await expectStatus('POST', '/api/ipam/vlans/', 201, {
      vid: 300,
      name: 'contract-300',
      group: 2,
      status: 'reserved',
      tenant: 10,
      role: 1,
      description: 'contract',
    });
    const bulkVlans = await expectStatus('POST', '/api/ipam/vlans/', 201, [
      { vid: 301, name: 'contract-301', group: 2 },
      {
        vid: 302,
        name: 'contract-302',
        group: { name: 'JBB104' },
        qinq_role: 'svlan',
      },
    ]);
    await expectStatus('POST', '/api/ipam/prefixes/', 201, {
      prefix: '10.250.0.0/24',
      scope_type: 'dcim.sitegroup',
      scope_id: 2,
      vlan: vlan.id,
      tenant: 5,
    });
    const bulkPrefixes = await expectStatus(
      'POST',
      '/api/ipam/prefixes/',
      201,
      [
        {
          prefix: '10.250.1.0/24',
          scope_type: 'dcim.site',
          scope_id: 3,
          vlan: bulkVlans[0].id,
        },
        { prefix: '10.250.2.0/24', vrf: 6, status: 'reserved', is_pool: true },
        {
          prefix: '2001:db8:250::/48',
          scope_type: 'dcim.region',
          scope_id: 43,
        },
      ],
    );
    await expectStatus('POST', '/api/ipam/vlan-groups/', 201, {
      name: 'contract-group',
      slug: 'contract-group',
      scope_type: 'dcim.sitegroup',
      scope_id: 1,
      vid_ranges: [[100, 199]],
    });
    await expectStatus('POST', '/api/ipam/vrfs/', 201, {
      name: 'contract-vrf',
      rd: '65000:999',
    });
    const role = await expectStatus('POST', '/api/ipam/roles/', 201, {
      name: 'Contract',
      slug: 'contract',
    });
    await expectStatus('POST', '/api/dcim/site-groups/', 201, {
      name: 'Contract SG',
      slug: 'contract-sg',
      parent: 1,
    });
    await expectStatus('POST', '/api/dcim/sites/', 201, {
      name: 'Contract Site',
      slug: 'contract-site',
      group: 2,
      region: 43,
      tenant: 5,
      latitude: 35.78,
      longitude: -78.64,
      time_zone: 'America/New_York',
    });
    await expectStatus('POST', '/api/tenancy/tenants/', 201, {
      name: 'Contract Tenant',
      slug: 'contract-tenant',
      group: 1,
      custom_fields: { cust_id: 'CT01' },
    });
    await expectStatus('POST', '/api/dcim/devices/', 201, {
      name: 'contract-dev',
      device_type: 1,
      role: 1,
      site: 1,
      serial: 'SN-CONTRACT-1',
    });
    await expectStatus('POST', '/api/dcim/devices/', 201, [
      { device_type: 1, role: 1, site: 2, serial: 'SN-CONTRACT-2' },
    ]);
    await expectStatus('POST', '/api/virtualization/virtual-machines/', 201, {
      name: 'contract-vm',
      site: 1,
      serial: 'VM-CONTRACT-1',
      vcpus: 2,
      memory: 4096,
      disk: 40,
    });

    // updates
    await expectStatus('PATCH', `/api/ipam/vlans/${vlan.id}/`, 200, {
      description: 'patched',
    });
    await expectStatus('PATCH', '/api/ipam/vlans/', 200, [
      { id: bulkVlans[0].id, status: 'deprecated' },
      { id: bulkVlans[1].id, tenant: 5 },
    ]);
    await expectStatus('PUT', `/api/ipam/roles/${role.id}/`, 200, {
      name: 'Contract 2',
      slug: 'contract-2',
      weight: 10,
    });
    await expectStatus(
      'PATCH',
      `/api/ipam/prefixes/${bulkPrefixes[1].id}/`,
      200,
      {
        scope_type: 'dcim.site',
        scope_id: 4,
      },
    );

    // reads of every served endpoint: default page, full page, brief, trimmed, one object
    for (const endpoint of SERVED_ENDPOINTS) {
      const list = await expectStatus('GET', `/api/${endpoint}/`, 200);
      await expectStatus('GET', `/api/${endpoint}/?limit=1000`, 200);
      await expectStatus('GET', `/api/${endpoint}/?limit=2&offset=2`, 200);
      await expectStatus('GET', `/api/${endpoint}/?brief=1&limit=0`, 200);
      await expectStatus(
        'GET',
        `/api/${endpoint}/?fields=id,display&limit=5`,
        200,
      );
      const id = list.results[0].id;
      await expectStatus('GET', `/api/${endpoint}/${id}/`, 200);
      await expectStatus('GET', `/api/${endpoint}/${id}/?brief=true`, 200);
    }

    // the filters the plugin uses
    for (const path of [
      '/api/ipam/vlans/?group_id=2&vid=201',
      '/api/ipam/vlans/?site_group_id=1&status=active',
      '/api/ipam/vlans/?site_id=2&site_id=3&tenant_id=5&role_id=1',
      '/api/ipam/vlans/?last_updated__gte=2021-03-10T20:55:38Z',
      '/api/ipam/prefixes/?vlan_id=1&vlan_id=2',
      '/api/ipam/prefixes/?vrf_id=6&vrf_id=null',
      '/api/ipam/prefixes/?scope_type=dcim.site&scope_id=2',
      '/api/ipam/prefixes/?site_group_id=2&mask_length=24',
      '/api/ipam/prefixes/?within=10.112.0.0/15',
      '/api/ipam/vlan-groups/?site_group=1',
      '/api/ipam/vlan-groups/?scope_type=dcim.site&scope_id=15&contains_vid=201',
      '/api/dcim/sites/?group_id=1&region_id=40',
      '/api/dcim/devices/?serial=SN-CONTRACT-1',
      '/api/virtualization/virtual-machines/?serial=VM-CONTRACT-1',
      '/api/tenancy/tenants/?group_id=1&name=Initech',
      '/api/ipam/vlans/?not_a_filter=1&limit=3',
    ]) {
      await expectStatus('GET', path, 200);
    }

    // errors in NetBox's shapes
    await expectStatus('POST', '/api/ipam/vlans/', 400, {
      vid: 5000,
      name: '',
    });
    await expectStatus('POST', '/api/ipam/vlans/', 400, [
      { vid: 310, name: 'ok' },
      { vid: 0, name: 'bad' },
    ]);
    await expectStatus('POST', '/api/ipam/vlans/', 400, {
      vid: 201,
      name: 'dup',
      group: 2,
    });
    await expectStatus('PATCH', '/api/ipam/vlans/', 400, [
      { status: 'active' },
    ]);
    await expectStatus('GET', '/api/ipam/vlans/999999/', 404);
    await expectStatus('GET', '/api/ipam/prefixes/?vlan_id=999999', 400);
    await expectStatus('DELETE', '/api/ipam/vlans/1/', 409);
    expect(
      (await call('GET', '/api/ipam/vlans/', undefined, 'Token wrong')).status,
    ).toBe(403);
    expect(
      (
        await call(
          'GET',
          '/api/status/',
          undefined,
          'Bearer nbt_contract.secret',
        )
      ).status,
    ).toBe(200);

    // deletes
    await expectStatus(
      'DELETE',
      `/api/ipam/prefixes/${bulkPrefixes[2].id}/`,
      204,
    );
    await expectStatus('DELETE', '/api/ipam/prefixes/', 204, [
      { id: bulkPrefixes[0].id },
      { id: bulkPrefixes[1].id },
    ]);

    const failures: string[] = [];
    const validated = new Set<string>();
    for (const e of exchanges) {
      if (e.mode === 'fields' || e.mode === 'omit' || !e.route) continue;
      const result = contract.check({
        method: e.method,
        route: e.route,
        status: e.status,
        body: e.body,
        schema: e.schema,
        mode: e.mode,
        bulk: Array.isArray(e.requestBody),
      });
      validated.add(`${e.method} ${e.route} ${e.status} ${e.mode}`);
      if (result.errors.length > 0) {
        failures.push(
          `${e.method} ${e.path}?${e.query} (${e.status}, against ${
            result.against
          }):\n    ${result.errors.slice(0, 8).join('\n    ')}`,
        );
      }
    }
    expect(failures).toEqual([]);

    // the session really covered every served endpoint
    for (const endpoint of SERVED_ENDPOINTS) {
      for (const k of [
        `GET /api/${endpoint}/ 200 full`,
        `GET /api/${endpoint}/ 200 brief`,
        `GET /api/${endpoint}/{id}/ 200 full`,
        `GET /api/${endpoint}/{id}/ 200 brief`,
        `POST /api/${endpoint}/ 201 full`,
      ]) {
        expect(validated).toContain(k);
      }
    }
    expect(validated).toContain('GET /api/status/ 200 full');
  }, 60_000);

  describe('is strict enough to catch drift', () => {
    it('rejects an extra field, a missing required field and a changed choice shape', async () => {
      const { body } = await call('GET', '/api/ipam/vlans/1/');
      expect(contract.validateComponent('VLAN', body)).toEqual([]);
      expect(
        contract.validateComponent('VLAN', { ...body, display_name: 'x' }),
      ).not.toEqual([]);
      const { display: _d, ...missing } = body;
      expect(contract.validateComponent('VLAN', missing)).not.toEqual([]);
      expect(
        contract.validateComponent('VLAN', {
          ...body,
          status: { value: 1, label: 'Active' },
        }),
      ).not.toEqual([]);
      // a prefix still carrying the `site` field NetBox 4.2 replaced with scope
      const prefix = (await call('GET', '/api/ipam/prefixes/8/')).body;
      expect(contract.validateComponent('Prefix', prefix)).toEqual([]);
      expect(
        contract.validateComponent('Prefix', { ...prefix, site: null }),
      ).not.toEqual([]);
    });

    it('rejects the NetBox 2.x shapes of the pynetbox fixtures', () => {
      const legacy = JSON.parse(
        readFileSync(
          sharedPath('netbox/fixtures/pynetbox-legacy/ipam/vlan.json'),
          'utf8',
        ),
      );
      expect(contract.validateComponent('VLAN', legacy)).not.toEqual([]);
    });

    it('accepts the 4.6 documentation examples of prefix writes', () => {
      for (const name of [
        'prefix-create-response.json',
        'prefix-patch-response.json',
      ]) {
        const doc = JSON.parse(
          readFileSync(
            sharedPath('netbox/fixtures/netbox-docs-4.6', name),
            'utf8',
          ),
        );
        expect(contract.validateComponent('Prefix', doc)).toEqual([]);
      }
    });
  });
});
