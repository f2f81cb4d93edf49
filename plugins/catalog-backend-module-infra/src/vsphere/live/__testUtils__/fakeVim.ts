import { Entity } from '@backstage/catalog-model';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  MoRef,
  ObjectUpdate,
  RequestCanceledFault,
  UpdateSetSummary,
  VimValue,
} from '@infra-inventory/plugin-infra-node';
import { LiveVim } from '../VsphereLiveLoop';

/** Records what a provider applies, the way the catalog's connection receives it. */
export class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  private waiters: Array<() => void> = [];
  private held?: {
    type: EntityProviderMutation['type'];
    reached: () => void;
    gate: Promise<void>;
  };
  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
    for (const w of this.waiters.splice(0)) w();
    const held = this.held;
    if (held?.type === mutation.type) {
      this.held = undefined;
      held.reached();
      await held.gate;
    }
  }
  /**
   * The next mutation of `type` is recorded, then does not return until `release()`: a catalog
   * slow to apply it. `reached` resolves once it arrived.
   */
  hold(type: EntityProviderMutation['type']): {
    reached: Promise<void>;
    release: () => void;
  } {
    let reached!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>(resolve => {
      reached = resolve;
    });
    const gate = new Promise<void>(resolve => {
      release = resolve;
    });
    this.held = { type, reached, gate };
    return { reached: arrived, release };
  }
  async refresh() {}
  get deltas() {
    return this.mutations.flatMap(m => (m.type === 'delta' ? [m] : []));
  }
  /** Resolves with the first delta from now on that `match` accepts. */
  async nextDelta(
    match: (m: Extract<EntityProviderMutation, { type: 'delta' }>) => boolean,
    timeoutMs = 10_000,
    from = this.mutations.length,
  ) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.mutations
        .slice(from)
        .find(m => m.type === 'delta' && match(m));
      if (found)
        return found as Extract<EntityProviderMutation, { type: 'delta' }>;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no matching delta within ${timeoutMs} ms; got ${JSON.stringify(
            this.mutations.slice(from).map(summary),
          )}`,
        );
      }
      await new Promise<void>(resolve => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }
}

/** A mutation as names: `{added: [...], removed: [...]}`; a full one as its size. */
export function summary(m: EntityProviderMutation): {
  added: string[];
  removed: string[];
  full?: number;
} {
  return m.type === 'full'
    ? { added: [], removed: [], full: m.entities.length }
    : {
        added: m.added.map(a => a.entity.metadata.name),
        removed: m.removed.map(r =>
          'entityRef' in r ? r.entityRef : r.entity.metadata.name,
        ),
      };
}

export const addedEntity = (
  m: Extract<EntityProviderMutation, { type: 'delta' }>,
  name: string,
): Entity | undefined =>
  m.added.find(a => a.entity.metadata.name === name)?.entity;

export const mo = (type: string, value: string): MoRef => ({ type, value });

const XSD_TYPES: Record<string, string> = {
  string: 'xsd:string',
  number: 'xsd:int',
  boolean: 'xsd:boolean',
};
const typeOf = (v: VimValue) => XSD_TYPES[typeof v] ?? 'ManagedObjectReference';

export const FILTER = mo('PropertyFilter', 'f1');

export function enter(
  obj: MoRef,
  props: Record<string, VimValue>,
): ObjectUpdate {
  return {
    filter: FILTER,
    kind: 'enter',
    obj,
    changes: Object.entries(props).map(([name, val]) => ({
      name,
      op: 'assign',
      val,
      type: typeOf(val),
    })),
    missing: [],
  };
}

export function modify(
  obj: MoRef,
  props: Record<string, VimValue | undefined>,
): ObjectUpdate {
  return {
    filter: FILTER,
    kind: 'modify',
    obj,
    changes: Object.entries(props).map(([name, val]) =>
      val === undefined
        ? { name, op: 'assign' as const }
        : { name, op: 'assign' as const, val, type: typeOf(val) },
    ),
    missing: [],
  };
}

export const leave = (obj: MoRef): ObjectUpdate => ({
  filter: FILTER,
  kind: 'leave',
  obj,
  changes: [],
  missing: [],
});

/** A small inventory: one datacenter, one standalone host, two VMs. */
export function smallInventory(): ObjectUpdate[] {
  const root = mo('Folder', 'group-d1');
  return [
    enter(root, { name: 'Datacenters' }),
    enter(mo('Datacenter', 'datacenter-2'), { name: 'DC0', parent: root }),
    enter(mo('Folder', 'group-h4'), {
      name: 'host',
      parent: mo('Datacenter', 'datacenter-2'),
    }),
    enter(mo('ComputeResource', 'domain-s1'), {
      name: 'esx1',
      parent: mo('Folder', 'group-h4'),
    }),
    enter(mo('HostSystem', 'host-1'), {
      name: 'esx1',
      parent: mo('ComputeResource', 'domain-s1'),
      'runtime.connectionState': 'connected',
      'runtime.inMaintenanceMode': false,
    }),
    enter(mo('Folder', 'group-v3'), {
      name: 'vm',
      parent: mo('Datacenter', 'datacenter-2'),
    }),
    ...[1, 2].map(i =>
      enter(mo('VirtualMachine', `vm-${i}`), {
        name: `web-${i}`,
        parent: mo('Folder', 'group-v3'),
        'runtime.powerState': 'poweredOn',
        'runtime.host': mo('HostSystem', 'host-1'),
        'config.template': false,
      }),
    ),
  ];
}

/** What one WaitForUpdatesEx call of a {@link FakeVim} does. */
export type WaitStep =
  | { updates: ObjectUpdate[]; version: string; truncated?: boolean }
  | { error: Error }
  /** Blocks until cancelled or aborted. */
  | { block: true };

export interface WaitCall {
  collector: MoRef;
  version?: string;
  maxWaitSeconds?: number;
  maxObjectUpdates?: number;
}

/**
 * An in-memory vCenter for the loop: each WaitForUpdatesEx takes the next scripted step; when
 * the script runs out, the call blocks like an idle wait until cancelled.
 */
export class FakeVim {
  readonly calls: string[] = [];
  readonly waits: WaitCall[] = [];
  readonly steps: WaitStep[] = [];
  connects = 0;
  connectError?: Error;
  private collectors = 0;
  private pending?: (err: Error) => void;

  /** The `connect` function for the loop. */
  readonly connect = async (): Promise<LiveVim> => {
    this.connects++;
    this.calls.push('Login');
    if (this.connectError) throw this.connectError;
    return this.client();
  };

  push(...steps: WaitStep[]) {
    this.steps.push(...steps);
    this.wake?.();
  }

  private wake?: () => void;

  private client(): LiveVim {
    // eslint-disable-next-line consistent-this
    const self = this;
    const call = (name: string) => self.calls.push(name);
    const client = {
      serviceContent: {
        rootFolder: mo('Folder', 'group-d1'),
        propertyCollector: mo('PropertyCollector', 'propertyCollector'),
        viewManager: mo('ViewManager', 'ViewManager'),
        sessionManager: mo('SessionManager', 'SessionManager'),
        about: {
          name: 'fake',
          fullName: 'fake',
          version: '8.0',
          build: '1',
          apiType: 'VirtualCenter',
          apiVersion: '8.0',
          instanceUuid: 'fake-uuid',
        },
      },
      async createPropertyCollector() {
        call('CreatePropertyCollector');
        return mo('PropertyCollector', `session[${++self.collectors}]`);
      },
      async createContainerView() {
        call('CreateContainerView');
        return mo('ContainerView', 'view-1');
      },
      async destroyView() {
        call('DestroyView');
      },
      async createFilter() {
        call('CreateFilter');
        return FILTER;
      },
      async destroyPropertyCollector() {
        call('DestroyPropertyCollector');
      },
      async cancelWaitForUpdates() {
        call('CancelWaitForUpdates');
        self.pending?.(
          new RequestCanceledFault({
            method: 'WaitForUpdatesEx',
            faultType: 'RequestCanceled',
            faultString: 'canceled',
          }),
        );
      },
      async close() {
        call('Logout');
      },
      async waitForUpdatesEx(
        collector: MoRef,
        version: string | undefined,
        options: { maxWaitSeconds?: number; maxObjectUpdates?: number },
        handlers: {
          onUpdate: (u: ObjectUpdate) => void;
          signal?: AbortSignal;
        },
      ): Promise<UpdateSetSummary | undefined> {
        call('WaitForUpdatesEx');
        self.waits.push({ collector, version, ...options });
        for (;;) {
          const step = self.steps.shift();
          if (step && 'updates' in step) {
            for (const u of step.updates) handlers.onUpdate(u);
            return {
              version: step.version,
              truncated: Boolean(step.truncated),
              updates: step.updates.length,
            };
          }
          if (step && 'error' in step) throw step.error;
          // nothing scripted: wait for a cancel, an abort or a new step
          if (handlers.signal?.aborted) throw new Error('aborted');
          const woken = await new Promise<Error | undefined>(resolve => {
            const onAbort = () => resolve(new Error('aborted'));
            handlers.signal?.addEventListener('abort', onAbort, {
              once: true,
            });
            self.pending = err => resolve(err);
            self.wake = () => resolve(undefined);
          });
          self.pending = undefined;
          self.wake = undefined;
          if (woken) throw woken;
        }
      },
    };
    return client as unknown as LiveVim;
  }
}
