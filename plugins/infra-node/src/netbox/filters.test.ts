import {
  describeWith,
  loadNetboxOpenApi,
  netboxListParameterNames,
  NETBOX_EMULATOR_FILTERS,
  sharedFixtures,
} from '@internal/infra-test-utils';
import { InputError } from '@backstage/errors';
import {
  appendFilters,
  assertKnownFilters,
  NETBOX_FILTERS,
  normalizeEndpoint,
  RESERVED_QUERY_PARAMS,
} from './filters';

describeWith(sharedFixtures)(
  'NetBox filter names against the OpenAPI schema',
  () => {
    let parameters: Map<string, Set<string>>;

    beforeAll(() => {
      const doc = loadNetboxOpenApi();
      parameters = new Map(
        Object.keys(NETBOX_FILTERS).map(endpoint => [
          endpoint,
          new Set(netboxListParameterNames(doc, `/api/${endpoint}/`)),
        ]),
      );
    }, 30_000);

    // NetBox ignores a filter it does not know and returns the whole table, so every name we send
    // must be a parameter of that list operation
    it.each(Object.entries(NETBOX_FILTERS))('%s', (endpoint, names) => {
      const known = parameters.get(endpoint)!;
      const unknown = names.filter(
        n => !known.has(n) && !RESERVED_QUERY_PARAMS.includes(n),
      );
      expect(unknown).toEqual([]);
    });

    it('knows fields, brief and omit are outside the schema', () => {
      for (const name of ['fields', 'brief', 'omit']) {
        expect(parameters.get('ipam/vlans')!.has(name)).toBe(false);
      }
    });

    it('would catch the classic mistake of site_group_id on VLAN groups', () => {
      expect(parameters.get('ipam/vlan-groups')!.has('site_group_id')).toBe(
        false,
      );
      expect(parameters.get('ipam/vlan-groups')!.has('site_group')).toBe(true);
    });
  },
);

describe('NetBox filter guard', () => {
  it('refuses names outside the table before anything is sent', () => {
    expect(() =>
      assertKnownFilters('ipam/vlans', { vid: 1, group_id: [1, 2] }),
    ).not.toThrow();
    expect(() =>
      assertKnownFilters('/api/ipam/vlan-groups/', { site_group_id: 3 }),
    ).toThrow(InputError);
    expect(() => assertKnownFilters('ipam/vlans', { limit: 5 })).toThrow(
      /list options/,
    );
    // endpoints outside the table are not checked
    expect(() =>
      assertKnownFilters('extras/tags', { anything: 1 }),
    ).not.toThrow();
  });

  it('repeats keys for several values and encodes null and dates', () => {
    const params = new URLSearchParams();
    appendFilters(params, {
      vlan_id: [1, 2],
      vrf_id: null,
      last_updated__gte: new Date('2026-01-02T03:04:05Z'),
      status: undefined,
    });
    expect(params.toString()).toBe(
      'vlan_id=1&vlan_id=2&vrf_id=null&last_updated__gte=2026-01-02T03%3A04%3A05.000Z',
    );
  });

  it('uses only filters the NetBox emulator implements, so tests exercise them', () => {
    for (const [endpoint, names] of Object.entries(NETBOX_FILTERS)) {
      const emulated = NETBOX_EMULATOR_FILTERS[endpoint] ?? [];
      expect({
        endpoint,
        missing: names.filter(n => !emulated.includes(n)),
      }).toEqual({
        endpoint,
        missing: [],
      });
    }
  });

  it('normalizes endpoint spellings', () => {
    for (const p of [
      'ipam/vlans',
      '/api/ipam/vlans/',
      'api/ipam/vlans',
      'ipam/vlans/',
    ]) {
      expect(normalizeEndpoint(p)).toBe('ipam/vlans');
    }
  });
});
