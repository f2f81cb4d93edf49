import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { ErrorState } from '../../common/errors';
import { Field, Fields, SectionTitle } from '../../common/Fields';
import { formatBytes, humanize } from '../../common/format';
import { EntityLink, EntityLinkList } from '../EntityLinks';
import {
  byType,
  clusterRef,
  Entity,
  isNetwork,
  isTemplate,
  relationRefs,
  sortByName,
  vmFields,
  vsphereIdentity,
  vsphereStates,
} from '../entityFields';
import {
  ConnectionState,
  PowerState,
  TemplateBadge,
  ToolsState,
} from '../StateLabels';
import { NetworkEntityTable } from '../NetworkEntityTable';
import { useEntitiesByRefs } from '../useCatalog';

/**
 * Host, cluster, datastores and networks of the VM: its dependsOn relations plus its cluster label,
 * in ONE getEntitiesByRefs call.
 */
function Placement(props: { vm: Entity }) {
  const { vm } = props;
  const cluster = clusterRef(vm);
  const refs = relationRefs(vm, 'dependsOn');
  const { value, loading, error } = useEntitiesByRefs(
    cluster && !refs.includes(cluster) ? [...refs, cluster] : refs,
  );
  if (loading)
    return <Progress aria-label="Loading host, storage and networks" />;
  if (error) {
    return (
      <ErrorState
        title="Could not load host, storage and networks"
        error={error}
      />
    );
  }
  const related = value ?? [];
  const [host] = byType(related, VSPHERE_ENTITY_TYPES.host);
  // a standalone host's compute resource has no entity: then there is no cluster to show
  const [clusterEntity] = byType(related, VSPHERE_ENTITY_TYPES.cluster);
  const datastores = sortByName(
    byType(related, VSPHERE_ENTITY_TYPES.datastore),
  );
  const networks = sortByName(related.filter(isNetwork));
  return (
    <>
      <Fields>
        <Field label="Host">
          {host && (
            <>
              <EntityLink entity={host} />
              <ConnectionState state={vsphereStates(host).connection} />
            </>
          )}
          {!host && isTemplate(vm) && 'Templates run nowhere'}
        </Field>
        <Field label="Cluster">
          {clusterEntity && <EntityLink entity={clusterEntity} />}
        </Field>
        <Field label={`Datastores (${datastores.length})`}>
          {datastores.length > 0 && <EntityLinkList entities={datastores} />}
        </Field>
      </Fields>
      <SectionTitle>Networks ({networks.length})</SectionTitle>
      <NetworkEntityTable networks={networks} />
    </>
  );
}

/** A VM or template: power, guest, tools, size, and where it runs. */
export function VmOverviewCard() {
  const { entity } = useEntity();
  const f = vmFields(entity);
  const states = vsphereStates(entity);
  const identity = vsphereIdentity(entity);
  const template = isTemplate(entity);
  const provisioned =
    f.committedBytes !== undefined
      ? f.committedBytes + (f.uncommittedBytes ?? 0)
      : undefined;

  return (
    <InfoCard
      title={template ? 'VM template' : 'Virtual machine'}
      subheader={identity.vcenter && `vCenter ${identity.vcenter}`}
      action={template ? <TemplateBadge /> : undefined}
    >
      <Fields>
        {!template && (
          <Field label="Power">
            <PowerState state={states.power} />
          </Field>
        )}
        <Field label="Guest OS">{f.guest}</Field>
        <Field label="IP address">{f.ip}</Field>
        <Field label="VMware Tools">
          {f.tools && <ToolsState state={f.tools} />}
          {f.toolsVersion && humanize(f.toolsVersion)}
        </Field>
        <Field label="vCPUs">{f.cpus !== undefined && String(f.cpus)}</Field>
        <Field label="Memory">{formatBytes(f.memoryBytes)}</Field>
        <Field label="Disk used">{formatBytes(f.committedBytes)}</Field>
        <Field label="Disk provisioned">{formatBytes(provisioned)}</Field>
        <Field label="Resource pool">{f.resourcePool}</Field>
        <Field label="BIOS UUID">{f.uuid}</Field>
        <Field label="Instance UUID">{identity.instanceUuid}</Field>
      </Fields>
      <SectionTitle>Placement</SectionTitle>
      <Placement vm={entity} />
    </InfoCard>
  );
}
