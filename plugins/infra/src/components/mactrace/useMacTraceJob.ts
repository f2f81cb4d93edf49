import { useApi } from '@backstage/frontend-plugin-api';
import { useCallback, useEffect, useRef, useState } from 'react';
import useInterval from 'react-use/esm/useInterval';
import { MacTraceJob, macTraceApiRef } from '../../api/InfraApi';
import { errorStatus } from '../common/errors';

/** How often the page reads the job while it runs. */
export const DEFAULT_JOB_POLL_MS = 1000;

export function isFinished(job: MacTraceJob | undefined): boolean {
  return job?.state === 'done' || job?.state === 'failed';
}

/** 4xx (no permission, unknown job): asking again will not help. */
function isPermanent(error: unknown): boolean {
  const status = errorStatus(error);
  return status !== undefined && status >= 400 && status < 500;
}

/**
 * The job, read now and then every `pollMs` until it is done or failed. A failed read keeps the
 * last good state on screen and polling goes on (the job runs on the server regardless), except
 * after a 4xx, which stops it.
 */
export function useMacTraceJob(
  jobId: string | undefined,
  pollMs: number = DEFAULT_JOB_POLL_MS,
) {
  const api = useApi(macTraceApiRef);
  const [job, setJob] = useState<MacTraceJob>();
  const [error, setError] = useState<unknown>();
  const current = useRef(jobId);
  current.current = jobId;

  const load = useCallback(async () => {
    if (!jobId) return;
    try {
      const next = await api.getMacTraceJob(jobId);
      // a late answer for a previous job must not overwrite the current one
      if (current.current !== jobId) return;
      setJob(next);
      setError(undefined);
    } catch (e) {
      if (current.current === jobId) setError(e);
    }
  }, [api, jobId]);

  useEffect(() => {
    setJob(undefined);
    setError(undefined);
    load();
  }, [load]);

  const polling =
    Boolean(jobId) &&
    !isFinished(job) &&
    !(error !== undefined && isPermanent(error));
  useInterval(load, polling ? pollMs : null);

  return { job, error, polling };
}
