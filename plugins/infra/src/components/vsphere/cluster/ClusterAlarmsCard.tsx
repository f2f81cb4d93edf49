import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AlarmItem } from '@infra-inventory/plugin-infra-common';
import Box from '@material-ui/core/Box';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { ErrorState } from '../../common/errors';
import { EmptyText } from '../../common/Fields';
import { formatTime, humanize } from '../../common/format';
import { Freshness } from '../../common/Freshness';
import { OverallStatusLabel } from '../StateLabels';
import { useClusterRead } from './useClusterRead';

const SEVERITY: Record<AlarmItem['status'], number> = {
  red: 0,
  yellow: 1,
  gray: 2,
  green: 3,
};

const OBJECT_TYPES: Record<string, string> = {
  ClusterComputeResource: 'Cluster',
  HostSystem: 'Host',
  VirtualMachine: 'VM',
  Datastore: 'Datastore',
};

/** Worst first, then newest first; unacknowledged before acknowledged at the same severity. */
export function sortAlarms(alarms: AlarmItem[]): AlarmItem[] {
  return [...alarms].sort(
    (a, b) =>
      (SEVERITY[a.status] ?? 9) - (SEVERITY[b.status] ?? 9) ||
      Number(a.acknowledged) - Number(b.acknowledged) ||
      Date.parse(b.time) - Date.parse(a.time),
  );
}

function AlarmsTable(props: { alarms: AlarmItem[] }) {
  return (
    <MuiTable size="small" aria-label="Triggered alarms">
      <TableHead>
        <TableRow>
          <TableCell>Status</TableCell>
          <TableCell>Alarm</TableCell>
          <TableCell>On</TableCell>
          <TableCell>Triggered</TableCell>
          <TableCell>Acknowledged</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sortAlarms(props.alarms).map(a => (
          <TableRow key={`${a.alarmId}@${a.entityId}`}>
            <TableCell style={{ whiteSpace: 'nowrap' }}>
              <OverallStatusLabel status={a.status} />
            </TableCell>
            <TableCell>{a.alarmName}</TableCell>
            <TableCell>
              {a.entityName}
              <Typography
                variant="caption"
                color="textSecondary"
                component="div"
              >
                {OBJECT_TYPES[a.entityType] ?? humanize(a.entityType)}
              </Typography>
            </TableCell>
            <TableCell>{formatTime(Date.parse(a.time)) ?? a.time}</TableCell>
            <TableCell>{a.acknowledged ? 'Yes' : 'No'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}

/**
 * The alarms triggered now on the cluster and on its hosts and VMs, read live from vCenter through
 * the infra backend (ONE call). The entity only has the worst alarm at the last sync.
 */
export function ClusterAlarmsCard() {
  const { entity } = useEntity();
  const { value, loading, error, missing } = useClusterRead(entity, 'alarms');

  let body: ReactNode;
  if (missing) {
    body = (
      <EmptyText>
        This entity has no vCenter or moref annotation to look the cluster up
        with.
      </EmptyText>
    );
  } else if (loading && !value) {
    body = <Progress aria-label="Loading the triggered alarms" />;
  } else if (error) {
    body = <ErrorState title="Could not load the alarms" error={error} />;
  } else if (value) {
    const { alarms } = value.value;
    body = (
      <>
        <Freshness section={alarms} receivedAt={value.receivedAt} />
        {alarms.items.length === 0 ? (
          <EmptyText>
            No alarms are triggered on this cluster, its hosts or its VMs.
          </EmptyText>
        ) : (
          <Box overflow="auto">
            <AlarmsTable alarms={alarms.items} />
          </Box>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="Triggered alarms"
      subheader="On the cluster, its hosts and VMs, read live from vCenter"
    >
      {body}
    </InfoCard>
  );
}
