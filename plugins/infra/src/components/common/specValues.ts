import type { Entity } from '@backstage/catalog-model';

/**
 * Typed reads of an entity's `spec.<section>` (`vsphere`, `netbox`), tolerant of missing or odd
 * values: the cards render whatever the sync wrote, including entities from older syncs.
 */
export function specSection(
  entity: Pick<Entity, 'spec'>,
  section: string,
): Record<string, unknown> {
  const v = entity.spec?.[section];
  return v && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

export const num = (v: unknown) =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
export const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
export const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
