import { AppTree, coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { preloadLazyElement } from '../common/preloadLazyElement';
import { Entity } from './entityFields';

/** The catalog's overview tab, which holds the entity cards (`EntityCardBlueprint` attaches there). */
const OVERVIEW = 'entity-content:catalog/overview';

/**
 * Starts loading the code of an entity page's overview tab and of the cards it shows for `entity`
 * (see preloadLazyElement). False when the app has not instantiated the page yet (it does so after
 * sign-in). Cards filtered by a (deprecated) text expression are left to the page.
 */
export function preloadEntityOverview(tree: AppTree, entity: Entity): boolean {
  const overview = tree.nodes.get(OVERVIEW);
  if (!overview?.instance) return false;
  preloadLazyElement(overview.instance.getData(coreExtensionData.reactElement));
  for (const card of overview.edges.attachments.get('cards') ?? []) {
    const data = card.instance;
    if (!data) continue;
    const filter = data.getData(EntityCardBlueprint.dataRefs.filterFunction);
    const expression = data.getData(
      EntityCardBlueprint.dataRefs.filterExpression,
    );
    if (expression === undefined && (!filter || holds(filter, entity))) {
      preloadLazyElement(data.getData(coreExtensionData.reactElement));
    }
  }
  return true;
}

const RETRY_MS = 20;
const GIVE_UP_MS = 5_000;

/**
 * {@link preloadEntityOverview} now, or as soon as the app has instantiated its pages (looked at
 * every 20 ms, for at most 5 s). Returns a function that stops looking.
 */
export function preloadEntityOverviewSoon(
  getTree: () => AppTree,
  entity: Entity,
): () => void {
  if (preloadEntityOverview(getTree(), entity)) return () => {};
  const since = Date.now();
  const timer = setInterval(() => {
    if (
      preloadEntityOverview(getTree(), entity) ||
      Date.now() - since > GIVE_UP_MS
    ) {
      clearInterval(timer);
    }
  }, RETRY_MS);
  return () => clearInterval(timer);
}

function holds(filter: (entity: Entity) => boolean, entity: Entity) {
  try {
    return filter(entity);
  } catch {
    return false;
  }
}
