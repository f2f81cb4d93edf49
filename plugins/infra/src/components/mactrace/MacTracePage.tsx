import { Content } from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useEffect, useState } from 'react';
import { JobProgress } from './JobProgress';
import { MacResults } from './MacResults';
import { macTraceErrorMessage } from './messages';
import { SightingsCard } from './SightingsCard';
import { TraceForm } from './TraceForm';
import { DEFAULT_JOB_POLL_MS, useMacTraceJob } from './useMacTraceJob';
import { ErrorState } from '../common/errors';

/**
 * The MAC trace page: MACs (and optionally site and floor) in; while the job runs, a bar of
 * switches done and each switch's status, polled every second; then per MAC the likely port with
 * the reasons, and the history of where a MAC was seen.
 */
export function MacTracePage(props: { pollMs?: number }) {
  const [jobId, setJobId] = useState<string>();
  const [historyMac, setHistoryMac] = useState<string>();
  const {
    job,
    error,
    polling: running,
  } = useMacTraceJob(jobId, props.pollMs ?? DEFAULT_JOB_POLL_MS);
  const doneJobId = job?.state === 'done' ? job.id : undefined;

  // a trace of one MAC opens its history once done (it now includes this trace's sightings)
  useEffect(() => {
    if (doneJobId && job?.macs.length === 1) setHistoryMac(job.macs[0]);
  }, [doneJobId, job?.macs]);

  return (
    <Content>
      <Grid container spacing={3}>
        <Grid item xs={12}>
          <TraceForm running={running} onStarted={setJobId} />
        </Grid>
        {error !== undefined && (
          <Grid item xs={12}>
            <Typography variant="body2" color="error" role="alert">
              {macTraceErrorMessage(error, 'Reading the trace')}
            </Typography>
          </Grid>
        )}
        {job?.state === 'failed' && (
          <Grid item xs={12}>
            <ErrorState
              title="The trace failed"
              error={new Error(job.error ?? 'No reason given')}
            />
          </Grid>
        )}
        {job?.state === 'done' && (
          <Grid item xs={12}>
            <MacResults job={job} onShowHistory={setHistoryMac} />
          </Grid>
        )}
        {job && (
          <Grid item xs={12}>
            <JobProgress job={job} />
          </Grid>
        )}
        <Grid item xs={12}>
          <SightingsCard
            mac={historyMac}
            reloadKey={doneJobId}
            onMacChange={setHistoryMac}
          />
        </Grid>
      </Grid>
    </Content>
  );
}
