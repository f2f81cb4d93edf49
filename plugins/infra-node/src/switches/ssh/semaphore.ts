import { SwitchSessionError } from './types';

interface Waiter {
  grant(): void;
  timer?: NodeJS.Timeout;
}

/** A counting semaphore whose waits end at a deadline (epoch ms) with a `timeout` error. */
export class DeadlineSemaphore {
  private active = 0;
  private readonly waiters: Waiter[] = [];

  constructor(readonly limit: number) {
    if (!(limit >= 1)) throw new RangeError('limit must be >= 1');
  }

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(deadline: number, what: string): Promise<() => void> {
    const release = this.releaser();
    if (this.active < this.limit) {
      this.active++;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          if (waiter.timer) clearTimeout(waiter.timer);
          this.active++;
          resolve(release);
        },
      };
      waiter.timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(
          new SwitchSessionError(
            'timeout',
            `Deadline passed waiting for ${what}`,
          ),
        );
      }, Math.max(0, deadline - Date.now()));
      this.waiters.push(waiter);
    });
  }

  private releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.active--;
      const next = this.waiters.shift();
      if (next) next.grant();
    };
  }
}
