import { Entity } from '@backstage/catalog-model';
import { TypeCounts } from '@infra-inventory/plugin-infra-common';
import { createHash } from 'node:crypto';
import { EntityHashes } from './SyncStore';

/** JSON with object keys sorted, so equal entities hash equally whatever their key order. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter(k => (value as any)[k] !== undefined)
      .map(k => `${JSON.stringify(k)}:${stableStringify((value as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export function entityHash(entity: Entity): string {
  return createHash('sha1').update(stableStringify(entity)).digest('base64url');
}

export interface EntityDiff {
  hashes: EntityHashes;
  /** Entities that are new or whose rendered form changed. */
  changed: Entity[];
  /** Names of entities the source no longer has. */
  removed: string[];
  counts: Record<string, TypeCounts>;
}

/** Compares what a read rendered with what the source last applied. */
export function diffEntities(
  previous: EntityHashes | undefined,
  next: Entity[],
): EntityDiff {
  const prev = previous ?? {};
  const hashes: EntityHashes = {};
  const changed: Entity[] = [];
  const counts: Record<string, TypeCounts> = {};
  const count = (type: string) =>
    (counts[type] ??= { total: 0, added: 0, updated: 0, removed: 0 });

  for (const entity of next) {
    const type = String(entity.spec?.type ?? entity.kind);
    const hash = entityHash(entity);
    const name = entity.metadata.name;
    hashes[name] = [type, hash];
    const c = count(type);
    c.total++;
    const before = prev[name];
    if (!before) {
      c.added++;
      changed.push(entity);
    } else if (before[1] !== hash) {
      c.updated++;
      changed.push(entity);
    }
  }
  const removed = Object.keys(prev).filter(name => !(name in hashes));
  for (const name of removed) count(prev[name][0]).removed++;
  return { hashes, changed, removed, counts };
}

/**
 * Why applying this diff would be unsafe, or undefined when it is fine: a read that would remove
 * more than `maxShare` of what the source last applied is more likely a broken read (a permission
 * change, a half-answering vCenter) than a real mass deletion.
 */
export function removalGuard(
  previous: EntityHashes | undefined,
  diff: EntityDiff,
  maxShare: number,
): string | undefined {
  const before = previous ? Object.keys(previous).length : 0;
  if (before === 0 || diff.removed.length === 0) return undefined;
  const share = diff.removed.length / before;
  if (share <= maxShare) return undefined;
  return `the read would remove ${
    diff.removed.length
  } of ${before} entities (${Math.round(share * 100)} % > ${Math.round(
    maxShare * 100,
  )} %); nothing applied. If the removal is real, raise maxRemovalShare for one run.`;
}
