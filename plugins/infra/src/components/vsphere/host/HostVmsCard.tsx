import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { useMemo } from 'react';
import { ErrorState } from '../../common/errors';
import { EmptyText } from '../../common/Fields';
import { byType, relationRefs } from '../entityFields';
import { useEntitiesByRefs } from '../useCatalog';
import { VmTable, vmSummary } from '../VmTable';

const TITLE = 'VMs on this host';

/**
 * The host's VMs in a sortable, searchable table filterable by power state. VMs depend on their
 * host, so the host's dependencyOf relations name them: ONE getEntitiesByRefs call.
 */
export function HostVmsCard() {
  const { entity } = useEntity();
  const { value, loading, error } = useEntitiesByRefs(
    relationRefs(entity, 'dependencyOf'),
  );
  const vms = useMemo(
    () =>
      value &&
      byType(value, VSPHERE_ENTITY_TYPES.vm, VSPHERE_ENTITY_TYPES.vmTemplate),
    [value],
  );

  if (vms?.length) {
    return <VmTable vms={vms} title={TITLE} subtitle={vmSummary(vms)} />;
  }
  return (
    <InfoCard title={TITLE}>
      {loading && <Progress aria-label="Loading the VMs" />}
      {error && <ErrorState title="Could not load the VMs" error={error} />}
      {vms && <EmptyText>No VMs run on this host.</EmptyText>}
    </InfoCard>
  );
}
