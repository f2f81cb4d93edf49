import {
  AppNode,
  AppTree,
  coreExtensionData,
  ExtensionDataRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { lazy, ReactNode, Suspense } from 'react';
import { Entity } from '../entityFields';

/**
 * App trees as the catalog's entity page sees them after sign-in: the overview tab and its cards,
 * each a lazy element whose loader tells when its code is asked for.
 */

export const cluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'lab-domain-c7', namespace: 'default' },
  spec: { type: 'vsphere-cluster' },
};

/** A lazy extension element as `ExtensionBoundary.lazy` makes it, and its loader. */
export function lazyElement() {
  const loader = jest.fn(async () => ({ default: () => <p>loaded</p> }));
  const Lazy = lazy(loader);
  const Boundary = (props: { children: ReactNode }) => (
    <Suspense fallback={null}>{props.children}</Suspense>
  );
  return {
    loader,
    element: (
      <Boundary>
        <Lazy />
      </Boundary>
    ),
  };
}

export function node(
  id: string,
  data: Array<[ExtensionDataRef<any>, unknown]>,
  cards: AppNode[] = [],
): AppNode {
  const values = new Map(data.map(([ref, value]) => [ref.id, value]));
  return {
    spec: { id } as AppNode['spec'],
    edges: { attachments: new Map([['cards', cards]]) },
    instance: {
      getDataRefs: () => data.map(([ref]) => ref),
      getData: (ref: ExtensionDataRef<any>) => values.get(ref.id) as any,
    },
  };
}

export function treeOf(...nodes: AppNode[]): AppTree {
  return {
    root: nodes[0],
    nodes: new Map(nodes.map(n => [n.spec.id, n])),
    orphans: [],
  };
}

export function overviewWithCards() {
  const overview = lazyElement();
  const everywhere = lazyElement();
  const clusters = lazyElement();
  const hosts = lazyElement();
  const legacy = lazyElement();
  const isType = (type: string) => (entity: Entity) =>
    entity.spec?.type === type;
  const cards = [
    node('entity-card:a/everywhere', [
      [coreExtensionData.reactElement, everywhere.element],
    ]),
    node('entity-card:a/cluster', [
      [coreExtensionData.reactElement, clusters.element],
      [EntityCardBlueprint.dataRefs.filterFunction, isType('vsphere-cluster')],
    ]),
    node('entity-card:a/host', [
      [coreExtensionData.reactElement, hosts.element],
      [EntityCardBlueprint.dataRefs.filterFunction, isType('vsphere-host')],
    ]),
    node('entity-card:a/legacy', [
      [coreExtensionData.reactElement, legacy.element],
      [EntityCardBlueprint.dataRefs.filterExpression, 'kind:resource'],
    ]),
  ];
  const tree = treeOf(
    node(
      'entity-content:catalog/overview',
      [[coreExtensionData.reactElement, overview.element]],
      cards,
    ),
  );
  return { tree, overview, everywhere, clusters, hosts, legacy };
}
