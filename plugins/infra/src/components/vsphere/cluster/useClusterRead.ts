import { useApi } from '@backstage/frontend-plugin-api';
import { useEffect, useState } from 'react';
import { infraApiRef } from '../../../api';
import { useEarlyRequest } from '../../common/useEarlyRequest';
import { Entity } from '../entityFields';
import { clusterRead, ClusterRead } from './clusterRequests';

/**
 * ONE call to the infra backend about the entity's cluster (see `clusterRead`), started as early as
 * the page allows (see useEarlyRequest). `missing` is set, and no call made, when the entity lacks
 * the vCenter or moref annotation. While a reload runs the last value stays, so a refresh does not
 * blank the card.
 */
export function useClusterRead<K extends ClusterRead>(entity: Entity, what: K) {
  const infraApi = useApi(infraApiRef);
  const request = clusterRead(infraApi, entity, what);
  return { ...useEarlyRequest(request), missing: request.key === undefined };
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
