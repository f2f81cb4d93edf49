import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import useAsync from 'react-use/esm/useAsync';
import { ErrorState } from '../../common/errors';
import { EmptyText } from '../../common/Fields';
import { relationRefs, sortByName, SUMMARY_FIELDS } from '../entityFields';
import { NetworkEntityTable } from '../NetworkEntityTable';

const TITLE = 'Networks on this host';

/**
 * The networks and port groups the host's VMs are connected to, with their VLAN. The host entity
 * has no relation to its networks, but its VMs have: their refs are the host's dependencyOf
 * relations, so ONE catalog call finds the networks those VMs depend on.
 */
export function HostNetworksCard() {
  const { entity } = useEntity();
  const catalogApi = useApi(catalogApiRef);
  const vmRefs = relationRefs(entity, 'dependencyOf');
  const key = vmRefs.join('\n');
  const { value, loading, error } = useAsync(async () => {
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
    <InfoCard title={TITLE} subheader="Networks and port groups its VMs use">
      {loading && <Progress aria-label="Loading the networks" />}
      {error && (
        <ErrorState title="Could not load the networks" error={error} />
      )}
      {value && value.length === 0 && (
        <EmptyText>No VM on this host is connected to a network.</EmptyText>
      )}
      {value && value.length > 0 && <NetworkEntityTable networks={value} />}
    </InfoCard>
  );
}
