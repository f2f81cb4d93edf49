import { Entity } from '@backstage/catalog-model';
import { diffEntities, entityHash, removalGuard } from './diff';

const vm = (name: string, power = 'poweredOn'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, labels: { power } },
  spec: { type: 'vsphere-vm', owner: 'group:default/infra' },
});

describe('diffEntities', () => {
  it('counts everything as added on the first run', () => {
    const diff = diffEntities(undefined, [vm('a'), vm('b')]);
    expect(diff.changed.map(e => e.metadata.name)).toEqual(['a', 'b']);
    expect(diff.removed).toEqual([]);
    expect(diff.counts).toEqual({
      'vsphere-vm': { total: 2, added: 2, updated: 0, removed: 0 },
    });
  });

  it('finds only what changed, and what went', () => {
    const first = diffEntities(undefined, [vm('a'), vm('b'), vm('c')]);
    const second = diffEntities(first.hashes, [vm('a'), vm('b', 'poweredOff')]);
    expect(second.changed.map(e => e.metadata.name)).toEqual(['b']);
    expect(second.removed).toEqual(['c']);
    expect(second.counts['vsphere-vm']).toEqual({
      total: 2,
      added: 0,
      updated: 1,
      removed: 1,
    });
  });

  it('hashes independently of key order', () => {
    const a = vm('a');
    const b: Entity = {
      spec: a.spec,
      metadata: a.metadata,
      kind: a.kind,
      apiVersion: a.apiVersion,
    };
    expect(entityHash(a)).toBe(entityHash(b));
  });
});

describe('removalGuard', () => {
  const ten = diffEntities(
    undefined,
    Array.from({ length: 10 }, (_, i) => vm(`v${i}`)),
  ).hashes;

  it('lets a first run and small removals through', () => {
    expect(
      removalGuard(undefined, diffEntities(undefined, []), 0.2),
    ).toBeUndefined();
    const two = diffEntities(
      ten,
      Array.from({ length: 8 }, (_, i) => vm(`v${i}`)),
    );
    expect(removalGuard(ten, two, 0.2)).toBeUndefined();
  });

  it('stops a read that would remove more than the share, saying how to proceed', () => {
    const three = diffEntities(
      ten,
      Array.from({ length: 7 }, (_, i) => vm(`v${i}`)),
    );
    expect(removalGuard(ten, three, 0.2)).toMatch(
      /would remove 3 of 10 entities \(30 % > 20 %\); nothing applied.*maxRemovalShare/,
    );
    expect(removalGuard(ten, diffEntities(ten, []), 0.2)).toMatch(
      /remove 10 of 10/,
    );
  });
});
