import { MemoryLru } from './MemoryLru';

describe('MemoryLru', () => {
  it('evicts the least recently used entries to stay within its bytes', () => {
    const lru = new MemoryLru<string>(100);
    lru.set('a', 'A', 40);
    lru.set('b', 'B', 40);
    expect(lru.get('a')).toBe('A'); // a is now more recent than b
    lru.set('c', 'C', 40);
    expect(lru.peek('b')).toBeUndefined();
    expect(lru.peek('a')).toBe('A');
    expect(lru.peek('c')).toBe('C');
    expect(lru.stats()).toEqual({
      entries: 2,
      bytes: 80,
      maxBytes: 100,
      hits: 1,
      misses: 0,
      evictions: 1,
    });
  });

  it('replaces, refuses oversized values and deletes by prefix', () => {
    const lru = new MemoryLru<number>(100);
    lru.set('k', 1, 10);
    lru.set('k', 2, 20);
    expect(lru.stats().bytes).toBe(20);
    lru.set('k', 3, 101);
    expect(lru.get('k')).toBeUndefined();
    expect(lru.stats()).toMatchObject({ entries: 0, bytes: 0, misses: 1 });

    lru.set('vc1:a', 1, 1);
    lru.set('vc1:b', 1, 1);
    lru.set('vc2:a', 1, 1);
    expect(lru.deletePrefix('vc1:')).toBe(2);
    expect(lru.stats()).toMatchObject({ entries: 1, bytes: 1 });
    lru.clear();
    expect(lru.stats()).toMatchObject({ entries: 0, bytes: 0 });
    expect(lru.peek('vc2:a')).toBeUndefined();
    // the map that replaced the cleared one keeps the order and the budget
    lru.set('x', 1, 60);
    lru.set('y', 2, 30);
    lru.set('z', 3, 30);
    expect(lru.peek('x')).toBeUndefined();
    expect(lru.stats()).toMatchObject({ entries: 2, bytes: 60, evictions: 1 });
  });

  it('answers a value its caller accepts as a hit, and leaves a refused one unmarked and uncounted', () => {
    const lru = new MemoryLru<number>(100);
    lru.set('old', 1, 40);
    lru.set('new', 2, 40);
    expect(lru.getIf('old', v => v > 1)).toBeUndefined();
    expect(lru.getIf('absent', () => true)).toBeUndefined();
    expect(lru.stats()).toMatchObject({ hits: 0, misses: 0 });
    // refused, 'old' stays the least recently used one
    lru.set('third', 3, 40);
    expect(lru.peek('old')).toBeUndefined();

    expect(lru.getIf('new', v => v === 2)).toBe(2);
    expect(lru.stats()).toMatchObject({ hits: 1, misses: 0 });
    // accepted, 'new' became the most recently used: 'third' goes first
    lru.set('fourth', 4, 40);
    expect(lru.peek('third')).toBeUndefined();
    expect(lru.peek('new')).toBe(2);
  });
});
