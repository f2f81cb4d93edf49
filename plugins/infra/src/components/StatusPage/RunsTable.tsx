import { SyncRun, TypeCounts } from '@infra-inventory/plugin-infra-common';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusRunning,
  StatusWarning,
} from '../common/Status';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatTime,
  humanize,
} from '../common/format';

const useStyles = makeStyles(theme => ({
  error: {
    color: theme.palette.error.main,
    overflowWrap: 'anywhere',
    maxWidth: '40ch',
  },
  note: { overflowWrap: 'anywhere', maxWidth: '40ch' },
  nowrap: { whiteSpace: 'nowrap' },
}));

export function RunStatus(props: { run: SyncRun }) {
  const { run } = props;
  switch (run.status) {
    case 'running':
      return (
        <StatusRunning>
          Running{run.phase ? ` (${humanize(run.phase)?.toLowerCase()})` : ''}
        </StatusRunning>
      );
    case 'succeeded':
      return <StatusOK>Succeeded</StatusOK>;
    case 'failed':
      return <StatusError>Failed</StatusError>;
    default:
      return <StatusAborted>{humanize(run.status)}</StatusAborted>;
  }
}

/** `vm: 120 (+2, ~5, −1)`: the total the run saw and what it changed, per entity type. */
function countsLine(type: string, c: TypeCounts): string {
  const changes = [
    c.added && `+${formatCount(c.added)}`,
    c.updated && `~${formatCount(c.updated)}`,
    c.removed && `−${formatCount(c.removed)}`,
  ].filter(Boolean);
  return `${type}: ${formatCount(c.total)}${
    changes.length ? ` (${changes.join(', ')})` : ''
  }`;
}

function Counts(props: { counts?: Record<string, TypeCounts> }) {
  const entries = Object.entries(props.counts ?? {}).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  if (entries.length === 0) return <>—</>;
  return (
    <>
      {entries.map(([type, c]) => (
        <Typography key={type} variant="body2" component="div" noWrap>
          {countsLine(type, c)}
        </Typography>
      ))}
    </>
  );
}

/**
 * What a run reported besides its figures. Only a failed run's text is an error; a succeeded run
 * carries warnings there (such as the NetBox link summary: hosts or VLANs that did not match) and
 * a skipped run the reason it was skipped.
 */
function RunNote(props: { run: SyncRun }) {
  const classes = useStyles();
  const { run } = props;
  if (!run.error) return <>—</>;
  if (run.status === 'failed') {
    return (
      <Typography variant="body2" className={classes.error}>
        {run.error}
      </Typography>
    );
  }
  return (
    <div className={classes.note}>
      <StatusWarning>{run.error}</StatusWarning>
    </div>
  );
}

function duration(run: SyncRun, now: number): string | undefined {
  const end = run.finishedAt ?? (run.status === 'running' ? now : undefined);
  return end === undefined ? undefined : formatDuration(end - run.startedAt);
}

/** The last runs of one source, newest first: timing, requests, changes and errors. */
export function RunsTable(props: { runs: SyncRun[]; label: string }) {
  const classes = useStyles();
  const now = Date.now();
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell className={classes.nowrap}>Started</TableCell>
          <TableCell className={classes.nowrap}>Mode</TableCell>
          <TableCell className={classes.nowrap}>Status</TableCell>
          <TableCell className={classes.nowrap}>Duration</TableCell>
          <TableCell className={classes.nowrap}>Fetch / process</TableCell>
          <TableCell className={classes.nowrap}>Requests</TableCell>
          <TableCell>Entities (+added, ~updated, −removed)</TableCell>
          <TableCell>Errors and warnings</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.runs.map(run => (
          <TableRow key={run.id}>
            <TableCell className={classes.nowrap}>
              {formatTime(run.startedAt)}
            </TableCell>
            <TableCell>{run.mode}</TableCell>
            <TableCell className={classes.nowrap}>
              <RunStatus run={run} />
            </TableCell>
            <TableCell className={classes.nowrap}>
              {duration(run, now) ?? '—'}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {run.fetchMs === undefined && run.processMs === undefined
                ? '—'
                : `${formatDuration(run.fetchMs) ?? '—'} / ${
                    formatDuration(run.processMs) ?? '—'
                  }`}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {[
                run.calls !== undefined && `${formatCount(run.calls)} calls`,
                run.pages !== undefined && `${formatCount(run.pages)} pages`,
                run.bytes !== undefined && formatBytes(run.bytes),
              ]
                .filter(Boolean)
                .join(', ') || '—'}
            </TableCell>
            <TableCell>
              <Counts counts={run.counts} />
            </TableCell>
            <TableCell>
              <RunNote run={run} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
