import { InfoCard, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  infraAdminPermission,
  SyncMode,
  SyncRun,
  SyncSourceStatus,
} from '@infra-inventory/plugin-infra-common';
import { usePermission } from '@backstage/plugin-permission-react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import SyncIcon from '@material-ui/icons/Sync';
import { useState } from 'react';
import { infraApiRef } from '../../api';
import { CapacityBar } from '../common/CapacityBar';
import {
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '../common/Status';
import { errorMessage, errorStatus } from '../common/errors';
import { EmptyText, Field, Fields, SectionTitle } from '../common/Fields';
import { formatCount, formatTime, humanize } from '../common/format';
import { RunsTable } from './RunsTable';

const SOURCE_NAMES: Record<SyncSourceStatus['kind'], string> = {
  vsphere: 'vCenter',
  netbox: 'NetBox',
};

/** `vCenter lab`, `NetBox main`: how the page names a source. */
export function sourceTitle(source: SyncSourceStatus): string {
  return `${SOURCE_NAMES[source.kind] ?? source.kind} ${source.id}`;
}

function Mode(props: { mode: SyncMode }) {
  switch (props.mode) {
    case 'live':
      return <StatusOK>Live: following changes</StatusOK>;
    case 'full':
      return <StatusRunning>Full sync</StatusRunning>;
    case 'backing-off':
      return <StatusWarning>Backing off after errors</StatusWarning>;
    default:
      return (
        <StatusPending>
          {humanize(props.mode)}: waiting for the schedule
        </StatusPending>
      );
  }
}

/** The progress of a running run: a bar when the total is known, an open-ended one otherwise. */
function RunProgress(props: { run: SyncRun; source: string }) {
  const { run, source } = props;
  const phase = run.phase ? humanize(run.phase)!.toLowerCase() : 'starting';
  const label = `Sync of ${source} in progress: ${phase}`;
  const done = run.progress?.done ?? 0;
  const total = run.progress?.total;
  if (total !== undefined && total > 0) {
    return (
      <CapacityBar
        kind="neutral"
        label={label}
        value={done}
        max={total}
        detail={`${formatCount(done)} of ${formatCount(total)} objects`}
      />
    );
  }
  return (
    <Box mb={1.5}>
      <Typography variant="body2">{label}</Typography>
      <LinearProgress
        aria-label={label}
        aria-valuetext={`${formatCount(done)} objects so far`}
      />
    </Box>
  );
}

type TriggerState =
  | { state: 'idle' }
  | { state: 'pending' }
  | { state: 'started' }
  | { state: 'failed'; message: string };

/** Starts a sync; 403 means the user lacks `infra.admin`, which the button says in words. */
function SyncNowButton(props: {
  source: SyncSourceStatus;
  running: boolean;
  onStarted: () => void;
}) {
  const { source, running, onStarted } = props;
  const infraApi = useApi(infraApiRef);
  const [trigger, setTrigger] = useState<TriggerState>({ state: 'idle' });

  const start = async () => {
    setTrigger({ state: 'pending' });
    try {
      await infraApi.triggerSync(source.kind, source.id);
      setTrigger({ state: 'started' });
      onStarted();
    } catch (e) {
      setTrigger({
        state: 'failed',
        message:
          errorStatus(e) === 403
            ? 'Starting a sync needs the infra.admin permission.'
            : `Could not start a sync: ${errorMessage(e)}`,
      });
    }
  };

  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
      <Button
        variant="outlined"
        color="primary"
        size="small"
        startIcon={<SyncIcon />}
        disabled={running || trigger.state === 'pending'}
        onClick={start}
        aria-label={`Sync ${sourceTitle(source)} now`}
      >
        {running ? 'Sync running' : 'Sync now'}
      </Button>
      <span role="status">
        {trigger.state === 'started' && (
          <Typography variant="body2" color="textSecondary" component="span">
            Sync requested.
          </Typography>
        )}
        {trigger.state === 'failed' && (
          <Typography variant="body2" color="error" component="span">
            {trigger.message}
          </Typography>
        )}
      </span>
    </Box>
  );
}

/**
 * One configured source: how it is syncing now, the run in progress and the last runs. "Sync now"
 * shows only for users with `infra.admin`; the backend checks the permission again.
 */
export function SyncSourceCard(props: {
  source: SyncSourceStatus;
  onSyncStarted: () => void;
}) {
  const { source, onSyncStarted } = props;
  const { allowed: isAdmin } = usePermission({
    permission: infraAdminPermission,
  });
  const title = sourceTitle(source);
  const running = source.runs.find(r => r.status === 'running');
  return (
    <InfoCard
      title={title}
      subheader={source.url}
      action={
        isAdmin ? (
          <SyncNowButton
            source={source}
            running={Boolean(running)}
            onStarted={onSyncStarted}
          />
        ) : undefined
      }
    >
      <Fields>
        <Field label="Mode">
          <Mode mode={source.mode} />
        </Field>
        <Field label="Last live update">
          {formatTime(source.lastUpdateAt)}
        </Field>
        <Field label="Live updates applied">
          {formatCount(source.updatesApplied)}
        </Field>
      </Fields>
      {source.lastError && (
        <Box mt={2}>
          <WarningPanel
            severity="error"
            title="Last error"
            message={source.lastError}
            defaultExpanded
          />
        </Box>
      )}
      {running && (
        <Box mt={2}>
          <RunProgress run={running} source={title} />
        </Box>
      )}
      <SectionTitle>Last runs</SectionTitle>
      {source.runs.length === 0 ? (
        <EmptyText>No runs yet.</EmptyText>
      ) : (
        <Box overflow="auto">
          <RunsTable runs={source.runs} label={`Last runs of ${title}`} />
        </Box>
      )}
    </InfoCard>
  );
}
