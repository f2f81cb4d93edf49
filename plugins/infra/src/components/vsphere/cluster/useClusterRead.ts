import { useApi } from '@backstage/frontend-plugin-api';
import { useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InfraApi, infraApiRef } from '../../../api';
import { Entity, vsphereIdentity } from '../entityFields';

/** A response of the infra backend and when it arrived, to turn section ages into times. */
export interface Received<T> {
  value: T;
  receivedAt: number;
}

/**
 * ONE call to the infra backend about the entity's cluster, addressed by its vCenter and moref
 * annotations. `missing` is set, and no call made, when the entity lacks them. While a reload runs
 * the last value stays, so a refresh does not blank the card.
 */
export function useClusterRead<T>(
  entity: Entity,
  read: (api: InfraApi, vcenter: string, cluster: string) => Promise<T>,
) {
  const infraApi = useApi(infraApiRef);
  const { vcenter, moref } = vsphereIdentity(entity);
  const state = useAsyncRetry(async (): Promise<Received<T> | undefined> => {
    if (!vcenter || !moref) return undefined;
    const value = await read(infraApi, vcenter, moref);
    return { value, receivedAt: Date.now() };
    // `read` is a module-level function of each card: it does not change between renders
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [infraApi, vcenter, moref]);
  return { ...state, missing: !vcenter || !moref };
}

/**
 * Calls `retry` every `ms` while `waiting` holds, at most `limit` times: for sections the backend
 * is still reading for the first time.
 */
export function useRetryWhile(
  waiting: boolean,
  retry: () => void,
  ms: number,
  limit: number,
) {
  const [tries, setTries] = useState(0);
  useEffect(() => {
    if (!waiting || tries >= limit) return undefined;
    const timer = setTimeout(() => {
      setTries(t => t + 1);
      retry();
    }, ms);
    return () => clearTimeout(timer);
  }, [waiting, tries, limit, ms, retry]);
}
