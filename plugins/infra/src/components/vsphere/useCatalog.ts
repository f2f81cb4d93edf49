import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { Entity, SUMMARY_FIELDS } from './entityFields';

/**
 * The entities behind some refs in ONE catalog call (`getEntitiesByRefs`, summary fields only).
 * Refs the catalog does not know are dropped. No call at all for an empty list.
 */
export function useEntitiesByRefs(refs: string[]) {
  const catalogApi = useApi(catalogApiRef);
  const key = refs.join('\n');
  return useAsync(async (): Promise<Entity[]> => {
    if (refs.length === 0) return [];
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: refs,
      fields: SUMMARY_FIELDS,
    });
    return items.filter((e): e is Entity => e !== undefined && e !== null);
    // refs are compared by content: a new array with the same refs must not refetch
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, key]);
}
