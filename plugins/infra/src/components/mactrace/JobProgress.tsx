import {
  InfoCard,
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  MacTraceJob,
  MacTraceSwitchProgress,
  MacTraceSwitchStatus,
} from '../../api/InfraApi';
import { formatCount, formatDuration } from '../common/format';

const useStyles = makeStyles(theme => ({
  bar: { height: 8, borderRadius: 4, marginTop: theme.spacing(0.5) },
  message: { overflowWrap: 'anywhere', maxWidth: '50ch' },
  nowrap: { whiteSpace: 'nowrap' },
}));

const STATUS_TEXT: Record<MacTraceSwitchStatus, string> = {
  pending: 'Waiting',
  ok: 'MAC found',
  not_found: 'Not in table',
  timeout: 'Timed out',
  auth_failed: 'Login refused',
  refused: 'Connection refused',
  host_key_mismatch: 'Host key changed',
  disconnected: 'Disconnected',
  error: 'Error',
};

/** Switches that did not answer fully: their MAC table may hold what the trace looks for. */
export function unansweredSwitches(job: MacTraceJob): MacTraceSwitchProgress[] {
  return job.switches.filter(
    s => s.partial || !['ok', 'not_found', 'pending'].includes(s.status),
  );
}

export function SwitchStatusText(props: { s: MacTraceSwitchProgress }) {
  const { s } = props;
  const text = `${STATUS_TEXT[s.status] ?? s.status}${
    s.partial ? ' (partial output)' : ''
  }`;
  switch (s.status) {
    case 'ok':
      return s.partial ? (
        <StatusWarning>{text}</StatusWarning>
      ) : (
        <StatusOK>{text}</StatusOK>
      );
    case 'not_found':
      return s.partial ? (
        <StatusWarning>{text}</StatusWarning>
      ) : (
        <StatusAborted>{text}</StatusAborted>
      );
    case 'pending':
      return <StatusPending>{text}</StatusPending>;
    case 'timeout':
    case 'disconnected':
      return <StatusWarning>{text}</StatusWarning>;
    default:
      return <StatusError>{text}</StatusError>;
  }
}

/** Switches done of total as a progress bar whose aria values are the switch counts. */
export function SwitchesBar(props: { job: MacTraceJob }) {
  const { job } = props;
  const classes = useStyles();
  const total = job.totalSwitches;
  const done = Math.min(job.doneSwitches, total);
  const percent = total > 0 ? (done / total) * 100 : 0;
  const label =
    job.state === 'queued' ? 'MAC trace queued' : 'MAC trace in progress';
  const detail = `${formatCount(done)} of ${formatCount(total)} switches`;
  return (
    <Box mb={2}>
      <Box display="flex" justifyContent="space-between" flexWrap="wrap">
        <Typography variant="body2">{label}</Typography>
        <Typography variant="body2" color="textSecondary">
          {detail}
        </Typography>
      </Box>
      <LinearProgress
        variant="determinate"
        value={percent}
        className={classes.bar}
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={detail}
      />
    </Box>
  );
}

/** Per switch: how talking to it went, MACs found, time taken and the message if any. */
export function SwitchTable(props: { job: MacTraceJob }) {
  const classes = useStyles();
  return (
    <Box overflow="auto">
      <Table size="small" aria-label="Switches of this trace">
        <TableHead>
          <TableRow>
            <TableCell>Switch</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>MACs found</TableCell>
            <TableCell>Time</TableCell>
            <TableCell>Message</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.job.switches.map(s => (
            <TableRow key={s.switchId}>
              <TableCell className={classes.nowrap}>{s.switchId}</TableCell>
              <TableCell className={classes.nowrap}>
                <SwitchStatusText s={s} />
              </TableCell>
              <TableCell>
                {s.status === 'pending' ? '—' : formatCount(s.macsFound)}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {formatDuration(s.durationMs) ?? '—'}
              </TableCell>
              <TableCell>
                {s.message ? (
                  <Typography variant="body2" className={classes.message}>
                    {s.message}
                  </Typography>
                ) : (
                  '—'
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** The job while it runs (bar and switches), or once over, the switches only. */
export function JobProgress(props: { job: MacTraceJob }) {
  const { job } = props;
  const running = job.state === 'queued' || job.state === 'running';
  return (
    <InfoCard
      title={running ? 'Tracing' : 'Switches'}
      subheader={`${formatCount(job.macs.length)} MAC${
        job.macs.length === 1 ? '' : 's'
      } on ${formatCount(job.totalSwitches)} switch${
        job.totalSwitches === 1 ? '' : 'es'
      }`}
    >
      {running && <SwitchesBar job={job} />}
      <SwitchTable job={job} />
    </InfoCard>
  );
}
