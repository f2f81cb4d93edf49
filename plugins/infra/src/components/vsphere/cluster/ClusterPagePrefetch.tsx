import { appTreeApiRef, useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { VSPHERE_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import { useEffect } from 'react';
import { matchPath, useLocation } from 'react-router-dom';
import { infraApiRef } from '../../../api';
import { startEarly } from '../../common/useEarlyRequest';
import { preloadEntityOverviewSoon } from '../entityOverviewCode';
import { clusterPageRequests } from './clusterRequests';

/** Where the catalog mounts its entity page (`page:catalog/entity`). */
const ENTITY_PAGE = '/catalog/:namespace/:kind/:name/*';

/**
 * Gets a Resource page going before the page itself gets there. The page loads its code in rounds
 * (the overview tab once the entity has arrived, then its layout, then the cards), and React
 * reveals the overview only when every card's code has arrived, up to 500 ms after its last loading
 * state; the cards' calls started by the cards ran after all that. As soon as the URL names a
 * Resource (after sign-in: the app's fetch waits for it), ONE catalog call reads the entity, then:
 *
 * - on the overview tab, the code of the tab and of the cards it shows for the entity starts
 *   loading (preloadEntityOverview), alongside the page's own code and entity fetch;
 * - for a cluster, the cards' calls start one by one under the keys the cards use
 *   (useEarlyRequest), so the cards pick them up, usually answered. (Starting them only when the
 *   overview asks for the cards' code was slower: they then competed with that code.)
 *
 * Rendered at the app root; renders nothing. On other pages it makes no call.
 */
export function ClusterPagePrefetch() {
  const { pathname } = useLocation();
  const catalogApi = useApi(catalogApiRef);
  const infraApi = useApi(infraApiRef);
  const appTreeApi = useApi(appTreeApiRef);
  const params = matchPath(ENTITY_PAGE, pathname)?.params;
  const overview = params !== undefined && !params['*'];
  // only Resources can be vSphere clusters; other kinds get no extra call
  const ref =
    params?.kind?.toLocaleLowerCase('en-US') === 'resource'
      ? `resource:${params.namespace}/${params.name}`
      : undefined;

  useEffect(() => {
    if (!ref) return undefined;
    let current = true;
    let stopPreload = () => {};
    catalogApi
      .getEntitiesByRefs({ entityRefs: [ref] })
      .then(async ({ items: [entity] }) => {
        if (!current || !entity) return;
        if (overview) {
          stopPreload = preloadEntityOverviewSoon(
            () => appTreeApi.getTree().tree,
            entity,
          );
        }
        if (entity.spec?.type !== VSPHERE_ENTITY_TYPES.cluster) return;
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
      stopPreload();
    };
  }, [ref, overview, catalogApi, infraApi, appTreeApi]);

  return null;
}
