import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { CapacityBar } from '../../common/CapacityBar';
import { ErrorState } from '../../common/errors';
import { EmptyText, Field, Fields, SectionTitle } from '../../common/Fields';
import {
  formatBytes,
  formatCount,
  formatMhz,
  humanize,
} from '../../common/format';
import { useEarlyRequest } from '../../common/useEarlyRequest';
import { clusterFields, vsphereIdentity, vsphereStates } from '../entityFields';
import { OnOff, OverallStatusLabel } from '../StateLabels';
import { vmPowerCounts } from './clusterRequests';

/** VMs of the cluster by power state (see vmPowerCounts). */
function VmCounts(props: { clusterName: string }) {
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useEarlyRequest(
    vmPowerCounts(catalogApi, props.clusterName),
  );

  if (loading) return <Progress aria-label="Counting the VMs" />;
  if (error)
    return <ErrorState title="Could not count the VMs" error={error} />;
  if (!value?.length) return <EmptyText>No VMs run in this cluster.</EmptyText>;
  const total = value.reduce((sum, f) => sum + f.count, 0);
  return (
    <Fields>
      <Field label="Total" md={3}>
        {formatCount(total)}
      </Field>
      {value.map(f => (
        <Field key={f.value} label={humanize(f.value) ?? f.value} md={3}>
          {formatCount(f.count)}
        </Field>
      ))}
    </Fields>
  );
}

/**
 * A vSphere cluster: its status, HA/DRS, the capacity vCenter reports and its VMs by power state.
 * vCenter's cluster summary has total and effective (available to VMs) capacity, not current use,
 * so the bars say exactly that.
 */
export function ClusterOverviewCard() {
  const { entity } = useEntity();
  const f = clusterFields(entity);
  const states = vsphereStates(entity);
  const identity = vsphereIdentity(entity);

  return (
    <InfoCard
      title="vSphere cluster"
      subheader={identity.vcenter && `vCenter ${identity.vcenter}`}
    >
      <Fields>
        <Field label="Overall status">
          <OverallStatusLabel status={states.status} />
        </Field>
        <Field label="vSphere HA">
          <OnOff value={f.ha} />
        </Field>
        <Field label="DRS">
          <OnOff
            value={f.drs}
            detail={f.drs ? humanize(f.drsBehavior)?.toLowerCase() : undefined}
          />
        </Field>
        <Field label="Hosts">
          {f.hosts !== undefined &&
            (f.effectiveHosts !== undefined
              ? `${f.hosts} (${f.effectiveHosts} available to VMs)`
              : String(f.hosts))}
        </Field>
        <Field label="Total CPU">{formatMhz(f.cpuMhz)}</Field>
        <Field label="Total memory">{formatBytes(f.memoryBytes)}</Field>
        {states.alarm && (
          <Field label="Worst alarm at last sync">
            <OverallStatusLabel status={states.alarm} />
          </Field>
        )}
      </Fields>

      <SectionTitle>Capacity available to VMs</SectionTitle>
      {f.cpuMhz !== undefined && f.effectiveCpuMhz !== undefined && (
        <CapacityBar
          kind="neutral"
          label="CPU: effective of total"
          value={f.effectiveCpuMhz}
          max={f.cpuMhz}
          detail={`${formatMhz(f.effectiveCpuMhz)} of ${formatMhz(f.cpuMhz)}`}
        />
      )}
      {f.memoryBytes !== undefined && f.effectiveMemoryBytes !== undefined && (
        <CapacityBar
          kind="neutral"
          label="Memory: effective of total"
          value={f.effectiveMemoryBytes}
          max={f.memoryBytes}
          detail={`${formatBytes(f.effectiveMemoryBytes)} of ${formatBytes(
            f.memoryBytes,
          )}`}
        />
      )}
      <Typography variant="caption" color="textSecondary" component="p">
        Effective capacity is what vCenter can place VMs on (hosts up and out of
        maintenance, minus virtualization overhead). Current usage is in the
        Usage card, read live.
      </Typography>

      <SectionTitle>Virtual machines</SectionTitle>
      <VmCounts clusterName={entity.metadata.name} />
    </InfoCard>
  );
}
