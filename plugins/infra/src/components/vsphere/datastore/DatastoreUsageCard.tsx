import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { useMemo } from 'react';
import { ErrorState } from '../../common/errors';
import { EmptyText, SectionTitle } from '../../common/Fields';
import { EntityLink } from '../EntityLinks';
import {
  byType,
  entityRef,
  inMaintenance,
  relationRefs,
  sortByName,
  vsphereStates,
} from '../entityFields';
import { ConnectionState, MaintenanceState } from '../StateLabels';
import { useEntitiesByRefs } from '../useCatalog';
import { VmTable, vmSummary } from '../VmTable';

/**
 * Who uses the datastore: the hosts mounting it and the VMs and templates on it. Both depend on the
 * datastore, so its dependencyOf relations name them: ONE getEntitiesByRefs call, split by type.
 */
export function DatastoreUsageCard() {
  const { entity } = useEntity();
  const { value, loading, error } = useEntitiesByRefs(
    relationRefs(entity, 'dependencyOf'),
  );
  const { hosts, vms } = useMemo(
    () => ({
      hosts: sortByName(byType(value ?? [], VSPHERE_ENTITY_TYPES.host)),
      vms: byType(
        value ?? [],
        VSPHERE_ENTITY_TYPES.vm,
        VSPHERE_ENTITY_TYPES.vmTemplate,
      ),
    }),
    [value],
  );

  return (
    <InfoCard title="Hosts and VMs on this datastore">
      {loading && <Progress aria-label="Loading the hosts and VMs" />}
      {error && (
        <ErrorState title="Could not load the hosts and VMs" error={error} />
      )}
      {value && (
        <>
          <SectionTitle>Hosts mounting it ({hosts.length})</SectionTitle>
          {hosts.length === 0 ? (
            <EmptyText>No host in the catalog mounts this datastore.</EmptyText>
          ) : (
            <List
              dense
              disablePadding
              aria-label="Hosts mounting the datastore"
            >
              {hosts.map(h => (
                <ListItem key={entityRef(h)} disableGutters>
                  <ListItemText
                    primary={<EntityLink entity={h} />}
                    secondaryTypographyProps={{ component: 'div' }}
                    secondary={
                      inMaintenance(h) ? (
                        <MaintenanceState inMaintenance />
                      ) : (
                        <ConnectionState state={vsphereStates(h).connection} />
                      )
                    }
                  />
                </ListItem>
              ))}
            </List>
          )}
          <SectionTitle>VMs on it ({vms.length})</SectionTitle>
          {vms.length === 0 ? (
            <EmptyText>No VM in the catalog uses this datastore.</EmptyText>
          ) : (
            <VmTable vms={vms} subtitle={vmSummary(vms)} embedded />
          )}
        </>
      )}
    </InfoCard>
  );
}
