import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  CatalogApi,
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { Entity } from '../../vsphere/entityFields';
import { netboxFixtures } from './entities';

/** The in-memory catalog with every fixture entity. */
export function fixtureCatalog(): CatalogApi {
  return catalogApiMock({ entities: netboxFixtures });
}

/** A catalog whose every call never answers: the loading state. */
export function pendingCatalog(): CatalogApi {
  const never = () => new Promise<never>(() => {});
  return catalogApiMock.mock({
    getEntities: jest.fn(never),
    getEntitiesByRefs: jest.fn(never),
    queryEntities: jest.fn(never),
  });
}

/** A catalog whose every call fails with the given message. */
export function failingCatalog(message: string): CatalogApi {
  const fail = () => Promise.reject(new Error(message));
  return catalogApiMock.mock({
    getEntities: jest.fn(fail),
    getEntitiesByRefs: jest.fn(fail),
    queryEntities: jest.fn(fail),
  });
}

/** Renders a card on the entity page of `entity`, with links to other entities resolvable. */
export function renderCard(
  element: JSX.Element,
  entity: Entity,
  catalogApi: CatalogApi = fixtureCatalog(),
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      apis: [[catalogApiRef, catalogApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The value (`<dd>`) of a label/value field by its label. */
export function field(label: string): HTMLElement {
  const term = screen.getAllByRole('term').find(t => t.textContent === label);
  if (!term) throw new Error(`no field labelled ${label}`);
  return term.nextElementSibling as HTMLElement;
}

/** Spies on every read method of the catalog, to count the calls a card makes. */
export function spyCalls(catalogApi: CatalogApi) {
  const spies = {
    getEntities: jest.spyOn(catalogApi, 'getEntities'),
    getEntitiesByRefs: jest.spyOn(catalogApi, 'getEntitiesByRefs'),
    queryEntities: jest.spyOn(catalogApi, 'queryEntities'),
  };
  return {
    ...spies,
    total: () =>
      Object.values(spies).reduce((n, s) => n + s.mock.calls.length, 0),
  };
}
