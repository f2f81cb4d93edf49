import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ClusterUsage } from '@infra-inventory/plugin-infra-common';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { CapacityBar } from '../../common/CapacityBar';
import { ErrorState } from '../../common/errors';
import { EmptyText } from '../../common/Fields';
import { formatBytes, formatMhz } from '../../common/format';
import { Freshness } from '../../common/Freshness';
import { useClusterRead } from './useClusterRead';

const MB = 1024 * 1024;

function UsageBars(props: { usage: ClusterUsage }) {
  const { usage } = props;
  const bars: ReactNode[] = [];
  if (usage.cpuEffectiveMhz) {
    bars.push(
      <CapacityBar
        key="cpu"
        label="CPU used of effective"
        value={usage.cpuUsedMhz}
        max={usage.cpuEffectiveMhz}
        detail={`${formatMhz(usage.cpuUsedMhz)} of ${formatMhz(
          usage.cpuEffectiveMhz,
        )}`}
      />,
    );
  }
  if (usage.memoryEffectiveMb) {
    bars.push(
      <CapacityBar
        key="memory"
        label="Memory used of effective"
        value={usage.memoryUsedMb}
        max={usage.memoryEffectiveMb}
        detail={`${formatBytes(usage.memoryUsedMb * MB)} of ${formatBytes(
          usage.memoryEffectiveMb * MB,
        )}`}
      />,
    );
  }
  if (bars.length === 0) {
    return (
      <EmptyText>
        vCenter reports no effective capacity for this cluster (no host is
        available to VMs).
      </EmptyText>
    );
  }
  return <>{bars}</>;
}

/**
 * CPU and memory the cluster's hosts use now against what the cluster can give VMs, read live
 * through the infra backend (ONE call, from the same short-lived read as the alarms). Kept off the
 * entity: figures that move every minute would rewrite it on every sync.
 */
export function ClusterUsageCard() {
  const { entity } = useEntity();
  const { value, loading, error, missing } = useClusterRead(entity, 'usage');

  let body: ReactNode;
  if (missing) {
    body = (
      <EmptyText>
        This entity has no vCenter or moref annotation to look the cluster up
        with.
      </EmptyText>
    );
  } else if (loading && !value) {
    body = <Progress aria-label="Loading the cluster's usage" />;
  } else if (error) {
    body = <ErrorState title="Could not load the usage" error={error} />;
  } else if (value) {
    const { usage, ...freshness } = value.value;
    body = (
      <>
        <Freshness section={freshness} receivedAt={value.receivedAt} />
        <UsageBars usage={usage} />
        <Typography variant="caption" color="textSecondary" component="p">
          Summed over {usage.hostsReporting} connected host
          {usage.hostsReporting === 1 ? '' : 's'}. Effective capacity is what
          vCenter can place VMs on (hosts up and out of maintenance, minus
          virtualization overhead).
        </Typography>
      </>
    );
  }

  return (
    <InfoCard title="Usage" subheader="Read live from vCenter">
      {body}
    </InfoCard>
  );
}
