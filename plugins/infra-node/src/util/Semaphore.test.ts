import { Semaphore } from './Semaphore';

describe('Semaphore', () => {
  it('never runs more tasks than its limit, in arrival order', async () => {
    const s = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      [0, 1, 2, 3, 4].map(i =>
        s.run(async () => {
          running++;
          peak = Math.max(peak, running);
          order.push(i);
          await new Promise(r => setTimeout(r, 10));
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(s.inUse).toBe(0);
  });

  it('lets a waiter give up when its signal aborts', async () => {
    const s = new Semaphore(1);
    const release = await s.acquire();
    const controller = new AbortController();
    const waiting = s.acquire(controller.signal);
    controller.abort(new Error('gave up'));
    await expect(waiting).rejects.toThrow('gave up');
    release();
    const again = await s.acquire();
    again();
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
