import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import useAsync from 'react-use/esm/useAsync';
import { ErrorState } from '../../common/errors';
import { EmptyText } from '../../common/Fields';
import {
  Entity,
  hostFields,
  relationRefs,
  sortByName,
  SUMMARY_FIELDS,
} from '../entityFields';
import { NetworkEntityTable } from '../NetworkEntityTable';

const TITLE = 'Networks on this host';

/**
 * The networks and port groups of the host, with their VLAN: ONE catalog call either way. The sync
 * lists them as refs on the host (not relations, which the catalog would re-stitch on every host
 * change); a host synced before that falls back to the networks its VMs use (its dependencyOf
 * relations).
 */
export function HostNetworksCard() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const own = hostFields(entity).networks;
  const vmRefs = own ? [] : relationRefs(entity, 'dependencyOf');
  const key = [...(own ?? []), ...vmRefs].join('\n');
  const { value, loading, error } = useAsync(async () => {
    if (own) {
      if (own.length === 0) return [];
      const { items } = await catalogApi.getEntitiesByRefs({
        entityRefs: own,
        fields: SUMMARY_FIELDS,
      });
      return sortByName(items.filter((e): e is Entity => Boolean(e)));
    }
    if (vmRefs.length === 0) return [];
    // one filter per type, OR'ed: each keeps a single many-valued key, which the in-memory
    // catalog used in tests evaluates correctly only when it is the last key of a filter
    const { items } = await catalogApi.getEntities({
      filter: [
        VSPHERE_ENTITY_TYPES.network,
        VSPHERE_ENTITY_TYPES.dvPortgroup,
      ].map(type => ({
        kind: 'resource',
        'spec.type': type,
        'relations.dependencyof': vmRefs,
      })),
      fields: SUMMARY_FIELDS,
    });
    return sortByName(items);
    // refs are compared by content: a new array with the same refs must not refetch
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, key]);

  return (
    <InfoCard
      title={TITLE}
      subheader={
        own
          ? 'Networks and port groups it connects to'
          : 'Networks and port groups its VMs use'
      }
    >
      {loading && <Progress aria-label="Loading the networks" />}
      {error && (
        <ErrorState title="Could not load the networks" error={error} />
      )}
      {value && value.length === 0 && (
        <EmptyText>
          {own
            ? 'This host connects to no network.'
            : 'No VM on this host is connected to a network.'}
        </EmptyText>
      )}
      {value && value.length > 0 && <NetworkEntityTable networks={value} />}
    </InfoCard>
  );
}
