import { InfoCard, WarningPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import { CapacityBar } from '../../common/CapacityBar';
import { EmptyText, Field, Fields, SectionTitle } from '../../common/Fields';
import { StatusError, StatusOK, StatusWarning } from '../../common/Status';
import {
  formatBytes,
  formatCount,
  formatPercent,
  humanize,
} from '../../common/format';
import {
  datastoreFields,
  vsphereIdentity,
  vsphereStates,
} from '../entityFields';
import { OverallStatusLabel } from '../StateLabels';

function Maintenance(props: { mode?: string }) {
  if (!props.mode) return null;
  return props.mode === 'normal' ? (
    <StatusOK>Normal</StatusOK>
  ) : (
    <StatusWarning>{humanize(props.mode)}</StatusWarning>
  );
}

/**
 * A datastore: type, URL, capacity, free and provisioned space (capacity − free + uncommitted),
 * with a warning when thin disks could outgrow it.
 */
export function DatastoreOverviewCard() {
  const { entity } = useEntity();
  const f = datastoreFields(entity);
  const states = vsphereStates(entity);
  const identity = vsphereIdentity(entity);
  const capacity = f.capacityBytes;
  const overProvisioned =
    capacity !== undefined &&
    f.provisionedBytes !== undefined &&
    f.provisionedBytes > capacity;

  return (
    <InfoCard
      title="Datastore"
      subheader={identity.vcenter && `vCenter ${identity.vcenter}`}
    >
      <Fields>
        <Field label="Type">{f.type}</Field>
        <Field label="Accessible">
          {f.accessible !== undefined &&
            (f.accessible ? (
              <StatusOK>Yes</StatusOK>
            ) : (
              <StatusError>Not accessible</StatusError>
            ))}
        </Field>
        <Field label="Maintenance mode">
          <Maintenance mode={f.maintenanceMode} />
        </Field>
        <Field label="URL" md={12}>
          {f.url}
        </Field>
        <Field label="Capacity" md={3}>
          {formatBytes(capacity)}
        </Field>
        <Field label="Free" md={3}>
          {formatBytes(f.freeBytes)}
        </Field>
        <Field label="Provisioned" md={3}>
          {formatBytes(f.provisionedBytes)}
        </Field>
        <Field label="VMs" md={3}>
          {formatCount(f.vms)}
        </Field>
        {states.alarm && (
          <Field label="Worst alarm at last sync">
            <OverallStatusLabel status={states.alarm} />
          </Field>
        )}
      </Fields>

      <SectionTitle>Space</SectionTitle>
      {capacity !== undefined && capacity > 0 && f.usedBytes !== undefined ? (
        <>
          <CapacityBar
            label="Used space"
            value={f.usedBytes}
            max={capacity}
            detail={`${formatBytes(f.usedBytes)} of ${formatBytes(capacity)}`}
          />
          <CapacityBar
            label="Provisioned space"
            value={f.provisionedBytes ?? f.usedBytes}
            max={capacity}
            detail={`${formatBytes(f.provisionedBytes)} of ${formatBytes(
              capacity,
            )}`}
          />
        </>
      ) : (
        <EmptyText>vCenter reports no capacity for this datastore.</EmptyText>
      )}
      {overProvisioned && (
        <Box mt={1}>
          <WarningPanel
            severity="warning"
            title={`Over-provisioned: ${formatPercent(
              f.provisionedBytes! / capacity!,
            )} of capacity`}
            message={`Thin-provisioned disks on this datastore may grow to ${formatBytes(
              f.provisionedBytes,
            )}, more than its ${formatBytes(
              capacity,
            )}. If it fills up, VMs writing to it stop.`}
            defaultExpanded
          />
        </Box>
      )}
    </InfoCard>
  );
}
