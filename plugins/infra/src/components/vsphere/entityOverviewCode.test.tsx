import { AppNode } from '@backstage/frontend-plugin-api';
import { cluster, overviewWithCards, treeOf } from './__testUtils__/appTree';
import {
  preloadEntityOverview,
  preloadEntityOverviewSoon,
} from './entityOverviewCode';

describe('preloadEntityOverview', () => {
  it('loads the overview tab and the cards whose filter takes the entity, nothing else', () => {
    const { tree, overview, everywhere, clusters, hosts, legacy } =
      overviewWithCards();

    expect(preloadEntityOverview(tree, cluster)).toBe(true);

    expect(overview.loader).toHaveBeenCalledTimes(1);
    expect(everywhere.loader).toHaveBeenCalledTimes(1);
    expect(clusters.loader).toHaveBeenCalledTimes(1);
    expect(hosts.loader).not.toHaveBeenCalled();
    // text expressions are the page's to evaluate
    expect(legacy.loader).not.toHaveBeenCalled();
  });

  it('reports a page the app has not instantiated yet', () => {
    const waiting: AppNode = {
      spec: { id: 'entity-content:catalog/overview' } as AppNode['spec'],
      edges: { attachments: new Map() },
    };
    expect(preloadEntityOverview(treeOf(waiting), cluster)).toBe(false);
    expect(preloadEntityOverview(treeOf(), cluster)).toBe(false);
  });
});

describe('preloadEntityOverviewSoon', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('waits for the app to instantiate the page, then loads it once', () => {
    const { tree, clusters } = overviewWithCards();
    let current = treeOf();
    const stop = preloadEntityOverviewSoon(() => current, cluster);

    jest.advanceTimersByTime(100);
    expect(clusters.loader).not.toHaveBeenCalled();
    current = tree;
    jest.advanceTimersByTime(100);
    expect(clusters.loader).toHaveBeenCalledTimes(1);
    stop();
  });

  it('stops looking when told to', () => {
    const { tree, clusters } = overviewWithCards();
    let current = treeOf();
    const stop = preloadEntityOverviewSoon(() => current, cluster);
    stop();
    current = tree;
    jest.advanceTimersByTime(1_000);
    expect(clusters.loader).not.toHaveBeenCalled();
  });
});
