/**
 * The catalog queries of the NetBox cards. Each card makes ONE call (the VM network card two, see
 * {@link useVmNetbox}); the calls start when the cards mount, so the cards of a page load in
 * parallel. Every hop the catalog can answer from relations already on the page's entity is
 * folded into that one call with a relation filter instead of a follow-up request.
 */
import { useApi } from '@backstage/frontend-plugin-api';
import { CatalogApi, catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  NETBOX_ENTITY_TYPES,
  VSPHERE_ENTITY_TYPES,
} from '@infra-inventory/plugin-infra-common';
import useAsync from 'react-use/esm/useAsync';
import {
  Entity,
  entityRef,
  isNetwork,
  isVm,
  relationRefs,
} from '../vsphere/entityFields';
import { ambiguousVlanRefs, isNetboxRefOf, netboxType } from './netboxFields';
import type { NetboxEntityType } from '@infra-inventory/plugin-infra-common';

type EntityFilter = Record<string, string | string[]>;

/** Enough for links, states and figures; relations only to join the results in the card. */
export const NETBOX_CARD_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.labels',
  'metadata.annotations',
  'spec.type',
  'spec.netbox',
  'spec.vsphere',
  'relations',
];

/** How many entities a list card loads at most; it says so when there are more. */
export const LIST_LIMIT = 500;

const RESOURCE = 'resource';

/*
 * Filter keys are ordered scalars first and at most one array value, last: the in-memory catalog
 * of the tests stops at the first array-valued key, the real catalog ANDs them all. Either way the
 * same entities match.
 */

/** Catalog filters matching exactly these refs (one per kind and namespace), for an OR query. */
export function refFilters(refs: string[]): EntityFilter[] {
  const groups = new Map<
    string,
    { kind: string; ns: string; names: string[] }
  >();
  for (const ref of refs) {
    const m = /^([^:]+):([^/]+)\/(.+)$/.exec(ref);
    if (!m) continue;
    const [, kind, ns, name] = m;
    const key = `${kind}:${ns}`;
    const g = groups.get(key) ?? { kind, ns, names: [] };
    g.names.push(name);
    groups.set(key, g);
  }
  return [...groups.values()].map(g => ({
    kind: g.kind,
    'metadata.namespace': g.ns,
    'metadata.name': g.names,
  }));
}

async function findEntities(
  catalogApi: CatalogApi,
  filter: EntityFilter[],
): Promise<Entity[]> {
  if (filter.length === 0) return [];
  const { items } = await catalogApi.getEntities({
    filter,
    fields: NETBOX_CARD_FIELDS,
  });
  return items;
}

function useCatalogQuery<T>(
  key: string,
  query: (catalogApi: CatalogApi) => Promise<T>,
) {
  const catalogApi = useApi(catalogApiRef);
  // the key holds every input of the query: a re-render with equal inputs must not refetch
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useAsync(() => query(catalogApi), [catalogApi, key]);
}

/** Entities of `type` that depend on `entity` (a VLAN's prefixes, a group's VLANs...): one call. */
export function useDependents(entity: Entity, type: string) {
  const ref = entityRef(entity);
  return useCatalogQuery(`${ref}\n${type}`, async catalogApi => {
    const { items, totalItems } = await catalogApi.queryEntities({
      filter: { kind: RESOURCE, 'spec.type': type, 'relations.dependsOn': ref },
      fields: NETBOX_CARD_FIELDS,
      limit: LIST_LIMIT,
    });
    return { items, totalItems };
  });
}

/** What a site, site group or tenant holds, by type. */
export interface NetboxContents {
  items: Entity[];
  /** Every match, when the list was cut at {@link LIST_LIMIT}. */
  totalItems: number;
}

/**
 * Everything that depends on the page's entity (a tenant's VLANs, prefixes, VLAN groups and VRFs; a
 * site's VLANs and prefixes...) plus the VLANs of the dependents of `via` types, in ONE call: the
 * entity's own `dependencyOf` relations name those dependents, so "VLANs depending on them" goes
 * into the same OR filter. A site group's VLANs are mostly such: they sit in its VLAN groups and
 * at its sites, not on the group itself.
 */
export function useNetboxContents(
  entity: Entity,
  via: NetboxEntityType[] = [],
) {
  const ref = entityRef(entity);
  const viaRefs = relationRefs(entity, 'dependencyOf').filter(r =>
    via.some(t => isNetboxRefOf(t, r)),
  );
  return useCatalogQuery(
    [ref, ...viaRefs].join('\n'),
    async (catalogApi): Promise<NetboxContents> => {
      const filter: EntityFilter[] = [
        { kind: RESOURCE, 'relations.dependsOn': ref },
      ];
      if (viaRefs.length) {
        filter.push({
          kind: RESOURCE,
          'spec.type': NETBOX_ENTITY_TYPES.vlan,
          'relations.dependsOn': viaRefs,
        });
      }
      const { items, totalItems } = await catalogApi.queryEntities({
        filter,
        fields: NETBOX_CARD_FIELDS,
        limit: LIST_LIMIT,
      });
      return { items, totalItems };
    },
  );
}

/**
 * The entities the page's entity depends on (a prefix's VLAN and VRF): one getEntitiesByRefs.
 * `wanted` keeps only the refs whose entity the card needs, not just a link to.
 */
export function useDependencies(
  entity: Entity,
  wanted: (ref: string) => boolean = () => true,
) {
  const refs = relationRefs(entity, 'dependsOn').filter(wanted);
  return useCatalogQuery(refs.join('\n'), async catalogApi => {
    if (refs.length === 0) return [];
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: refs,
      fields: NETBOX_CARD_FIELDS,
    });
    return items.filter((e): e is Entity => !!e);
  });
}

/** The vSphere side of a VLAN. */
export interface VlanVsphere {
  portgroups: Entity[];
  /** VMs and templates on any of the portgroups. */
  vms: Entity[];
}

/**
 * Portgroups linked to the VLAN and the VMs on them, in ONE call: portgroups depend on the VLAN,
 * and the VLAN's own `dependencyOf` relations already name them, so the VMs are "whatever depends
 * on those refs". Both halves go into one OR filter.
 */
export function useVlanVsphere(vlan: Entity) {
  const ref = entityRef(vlan);
  const dependents = relationRefs(vlan, 'dependencyOf');
  return useCatalogQuery(
    [ref, ...dependents].join('\n'),
    async (catalogApi): Promise<VlanVsphere> => {
      const filter: EntityFilter[] = [
        {
          kind: RESOURCE,
          'relations.dependsOn': ref,
          'spec.type': [
            VSPHERE_ENTITY_TYPES.dvPortgroup,
            VSPHERE_ENTITY_TYPES.network,
          ],
        },
      ];
      // the refs are portgroups and prefixes; only VMs and templates depend on portgroups
      if (dependents.length) {
        filter.push({ kind: RESOURCE, 'relations.dependsOn': dependents });
      }
      const items = await findEntities(catalogApi, filter);
      return {
        portgroups: items.filter(isNetwork),
        vms: items.filter(isVm),
      };
    },
  );
}

/** The NetBox side of a VM's networks. */
export interface VmNetbox {
  /** The VM's networks and portgroups, with their match labels and relations. */
  networks: Entity[];
  /** NetBox VLANs linked to any of those networks. */
  vlans: Entity[];
  /** Prefixes of those VLANs. */
  prefixes: Entity[];
  /** VLANs an ambiguous portgroup could mean, for naming them. */
  candidates: Entity[];
}

/**
 * VM → portgroup → VLAN → prefix is three hops; the catalog filters on one relation at a time, so
 * this takes TWO calls, never one per network:
 * 1. the VM's networks (refs on the VM) and the VLANs they link to (`relations.dependencyOf` = any
 *    of those refs), in one OR query;
 * 2. the prefixes of those VLANs (`relations.dependsOn` = the VLAN refs) and the candidate VLANs of
 *    ambiguous portgroups, in one OR query. It needs the VLAN refs of call 1: no relation of the
 *    VM or its portgroups names a prefix.
 */
export function useVmNetbox(vm: Entity) {
  const refs = relationRefs(vm, 'dependsOn');
  return useCatalogQuery(
    refs.join('\n'),
    async (catalogApi): Promise<VmNetbox> => {
      if (refs.length === 0) {
        return { networks: [], vlans: [], prefixes: [], candidates: [] };
      }
      const first = await findEntities(catalogApi, [
        ...refFilters(refs),
        {
          kind: RESOURCE,
          'spec.type': NETBOX_ENTITY_TYPES.vlan,
          'relations.dependencyOf': refs,
        },
      ]);
      const networks = first.filter(isNetwork);
      const vlans = first.filter(
        e => netboxType(e) === NETBOX_ENTITY_TYPES.vlan,
      );
      const vlanRefs = vlans.map(entityRef);
      const known = new Set(vlanRefs);
      const candidateRefs = [
        ...new Set(networks.flatMap(ambiguousVlanRefs)),
      ].filter(r => !known.has(r));

      const second: EntityFilter[] = [...refFilters(candidateRefs)];
      if (vlanRefs.length) {
        second.push({
          kind: RESOURCE,
          'spec.type': NETBOX_ENTITY_TYPES.prefix,
          'relations.dependsOn': vlanRefs,
        });
      }
      const more = await findEntities(catalogApi, second);
      return {
        networks,
        vlans,
        prefixes: more.filter(
          e => netboxType(e) === NETBOX_ENTITY_TYPES.prefix,
        ),
        candidates: more.filter(
          e => netboxType(e) === NETBOX_ENTITY_TYPES.vlan,
        ),
      };
    },
  );
}
