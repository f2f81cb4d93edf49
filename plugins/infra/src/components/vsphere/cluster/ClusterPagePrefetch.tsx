import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { useEffect } from 'react';
import { matchPath, useLocation } from 'react-router-dom';
import { infraApiRef } from '../../../api';
import { startEarly } from '../../common/useEarlyRequest';
import { CLUSTER_REQUEST_FIELDS, clusterPageRequests } from './clusterRequests';

/** Where the catalog mounts its entity page (`page:catalog/entity`). */
const ENTITY_PAGE = '/catalog/:namespace/:kind/:name/*';

/**
 * Gets the cluster page cards' calls going before the cards render: the cards' code is lazy and
 * React reveals the overview only when every card's code has arrived, up to 500 ms after its last
 * loading state, so calls started by the cards ran after everything else on the page. As soon as
 * the URL names a Resource (after sign-in: the app's fetch waits for it), ONE catalog call reads
 * what the calls are addressed by and, for a cluster, starts them one by one under the keys the
 * cards use (useEarlyRequest), so the cards pick them up, usually answered. (Starting them only
 * when the overview asks for the cards' code was slower: they then competed with that code.)
 *
 * Rendered at the app root; renders nothing. On other pages it makes no call.
 */
export function ClusterPagePrefetch() {
  const { pathname } = useLocation();
  const catalogApi = useApi(catalogApiRef);
  const infraApi = useApi(infraApiRef);
  const params = matchPath(ENTITY_PAGE, pathname)?.params;
  // only Resources can be vSphere clusters; other kinds get no extra call
  const ref =
    params?.kind?.toLocaleLowerCase('en-US') === 'resource'
      ? `resource:${params.namespace}/${params.name}`
      : undefined;

  useEffect(() => {
    if (!ref) return undefined;
    let current = true;
    catalogApi
      .getEntitiesByRefs({ entityRefs: [ref], fields: CLUSTER_REQUEST_FIELDS })
      .then(async ({ items: [entity] }) => {
        if (!current || entity?.spec?.type !== VSPHERE_ENTITY_TYPES.cluster) {
          return;
        }
        // one at a time, so that the page's own entity fetch, which everything waits for, never
        // queues behind all six (a catalog on SQLite answers one query after the other); they
        // still finish long before the cards are revealed
        for (const request of clusterPageRequests(
          catalogApi,
          infraApi,
          entity,
        )) {
          if (!current) return;
          await startEarly(request);
        }
      })
      // the cards ask again and show what went wrong
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [ref, catalogApi, infraApi]);

  return null;
}
