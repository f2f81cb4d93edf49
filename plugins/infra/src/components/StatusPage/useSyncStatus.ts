import { useApi } from '@backstage/frontend-plugin-api';
import { SyncStatusResponse } from '@infra-inventory/plugin-infra-common';
import { useCallback, useEffect, useState } from 'react';
import useInterval from 'react-use/esm/useInterval';
import { infraApiRef } from '../../api';

/** How often the page polls while a sync runs. */
export const DEFAULT_POLL_MS = 3000;
/** After "Sync now", how long to poll for the run to show up even if none is running yet. */
const WATCH_AFTER_TRIGGER_MS = 30_000;

export function isRunning(status: SyncStatusResponse | undefined): boolean {
  return (
    status?.sources.some(s => s.runs.some(r => r.status === 'running')) ?? false
  );
}

/**
 * The sync status, polled every few seconds while a run is in progress (or just after one was
 * requested), and not at all otherwise. A failed poll keeps the last good status on screen.
 */
export function useSyncStatus(pollMs: number = DEFAULT_POLL_MS) {
  const infraApi = useApi(infraApiRef);
  const [value, setValue] = useState<SyncStatusResponse>();
  const [error, setError] = useState<Error>();
  const [loaded, setLoaded] = useState(false);
  const [watchUntil, setWatchUntil] = useState(0);

  const load = useCallback(async () => {
    try {
      setValue(await infraApi.getSyncStatus());
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    } finally {
      setLoaded(true);
    }
  }, [infraApi]);

  useEffect(() => {
    load();
  }, [load]);

  const polling = isRunning(value) || Date.now() < watchUntil;
  useInterval(load, polling ? pollMs : null);

  /** Call after starting a sync: refresh now, and keep polling until the run shows up. */
  const watch = useCallback(() => {
    setWatchUntil(Date.now() + WATCH_AFTER_TRIGGER_MS);
    load();
  }, [load]);

  return { value, error, loading: !loaded, polling, watch };
}
