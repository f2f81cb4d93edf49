import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { ErrorState } from '../../common/errors';
import { Field, Fields, SectionTitle } from '../../common/Fields';
import { formatBytes, formatMhz } from '../../common/format';
import { EntityLink, EntityLinkList } from '../EntityLinks';
import {
  byType,
  datastoreFields,
  Entity,
  hostFields,
  inMaintenance,
  relationRefs,
  sortByName,
  vsphereIdentity,
  vsphereStates,
} from '../entityFields';
import {
  ConnectionState,
  MaintenanceState,
  OverallStatusLabel,
  PowerState,
} from '../StateLabels';
import { useEntitiesByRefs } from '../useCatalog';

function freeOf(ds: Entity): string | undefined {
  const f = datastoreFields(ds);
  const free = formatBytes(f.freeBytes);
  const capacity = formatBytes(f.capacityBytes);
  return free && capacity ? `${free} free of ${capacity}` : undefined;
}

/** Where the host sits: its cluster (or datacenter when standalone) and its datastores. */
function Placement(props: { host: Entity }) {
  // the host depends on its cluster or datacenter and on the datastores it mounts
  const { value, loading, error } = useEntitiesByRefs(
    relationRefs(props.host, 'dependsOn'),
  );
  if (loading)
    return <Progress aria-label="Loading the cluster and datastores" />;
  if (error) {
    return (
      <ErrorState
        title="Could not load the cluster and datastores"
        error={error}
      />
    );
  }
  const related = value ?? [];
  const [cluster] = byType(related, VSPHERE_ENTITY_TYPES.cluster);
  const [datacenter] = byType(related, VSPHERE_ENTITY_TYPES.datacenter);
  const datastores = sortByName(
    byType(related, VSPHERE_ENTITY_TYPES.datastore),
  );
  return (
    <Fields>
      {cluster ? (
        <Field label="Cluster">
          <EntityLink entity={cluster} />
        </Field>
      ) : (
        <Field label="Cluster">
          {datacenter ? (
            <>
              Standalone host in <EntityLink entity={datacenter} />
            </>
          ) : (
            'Standalone host'
          )}
        </Field>
      )}
      <Field label={`Datastores (${datastores.length})`} md={8}>
        {datastores.length > 0 && (
          <EntityLinkList entities={datastores} note={freeOf} />
        )}
      </Field>
    </Fields>
  );
}

/** An ESXi host: hardware, ESXi version, capacity, states, cluster and datastores. */
export function HostOverviewCard() {
  const { entity } = useEntity();
  const f = hostFields(entity);
  const states = vsphereStates(entity);
  const identity = vsphereIdentity(entity);
  const totalMhz =
    f.cpuCores !== undefined && f.cpuMhz !== undefined
      ? f.cpuCores * f.cpuMhz
      : undefined;

  return (
    <InfoCard
      title="ESXi host"
      subheader={identity.vcenter && `vCenter ${identity.vcenter}`}
    >
      <Fields>
        <Field label="Connection">
          <ConnectionState state={states.connection} />
        </Field>
        <Field label="Maintenance mode">
          <MaintenanceState inMaintenance={inMaintenance(entity)} />
        </Field>
        <Field label="Power">
          <PowerState state={states.power} />
        </Field>
        <Field label="Overall status">
          <OverallStatusLabel status={states.status} />
        </Field>
        {states.alarm && (
          <Field label="Worst alarm at last sync">
            <OverallStatusLabel status={states.alarm} />
          </Field>
        )}
        <Field label="Vendor">{f.vendor}</Field>
        <Field label="Model">{f.model}</Field>
        <Field label="Serial / service tag">{f.serial}</Field>
        <Field label="ESXi version">
          {f.version &&
            (f.build ? `${f.version} (build ${f.build})` : f.version)}
        </Field>
        <Field label="CPU">
          {f.cpuCores !== undefined &&
            `${f.cpuCores} cores${
              f.cpuMhz !== undefined
                ? ` × ${formatMhz(f.cpuMhz)} = ${formatMhz(totalMhz)}`
                : ''
            }`}
        </Field>
        <Field label="Memory">{formatBytes(f.memoryBytes)}</Field>
      </Fields>
      <SectionTitle>Placement</SectionTitle>
      <Placement host={entity} />
    </InfoCard>
  );
}
