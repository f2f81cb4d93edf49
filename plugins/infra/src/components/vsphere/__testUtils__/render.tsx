import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  CatalogApi,
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { InfraApi, infraApiRef } from '../../../api';
import { Entity } from '../entityFields';
import { fakeInfraApi } from './infraApi';
import { fixtureEntities } from './entities';

/** The in-memory catalog with every fixture entity. */
export function fixtureCatalog(): CatalogApi {
  return catalogApiMock({ entities: fixtureEntities });
}

/** A catalog whose every call never answers: the loading state. */
export function pendingCatalog(): CatalogApi {
  const never = () => new Promise<never>(() => {});
  return catalogApiMock.mock({
    getEntities: jest.fn(never),
    getEntitiesByRefs: jest.fn(never),
    getEntityFacets: jest.fn(never),
  });
}

/** A catalog whose every call fails with the given message. */
export function failingCatalog(message: string): CatalogApi {
  const fail = () => Promise.reject(new Error(message));
  return catalogApiMock.mock({
    getEntities: jest.fn(fail),
    getEntitiesByRefs: jest.fn(fail),
    getEntityFacets: jest.fn(fail),
  });
}

/**
 * Renders a card on an entity page of `entity`, links to other entities resolvable. The infra API
 * answers from {@link fakeInfraApi} unless given.
 */
export function renderCard(
  element: JSX.Element,
  entity: Entity,
  catalogApi: CatalogApi = fixtureCatalog(),
  infraApi: InfraApi = fakeInfraApi(),
) {
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      apis: [
        [catalogApiRef, catalogApi],
        [infraApiRef, infraApi],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** The value (`<dd>`) of a label/value field by its label. */
export function field(label: string | RegExp): HTMLElement {
  const term = screen
    .getAllByRole('term')
    .find(t =>
      typeof label === 'string'
        ? t.textContent === label
        : label.test(t.textContent ?? ''),
    );
  if (!term) throw new Error(`no field labelled ${label}`);
  return term.nextElementSibling as HTMLElement;
}
