import { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { SyncMode } from '@infra-inventory/plugin-infra-common';
import { SyncSources } from '../../sync/SyncSources';
import { VsphereLiveLoop } from './VsphereLiveLoop';

const MODES: SyncMode[] = ['idle', 'full', 'live', 'backing-off'];

/** The loop figures the metrics read; a {@link VsphereLiveLoop} has them all. */
export type LiveLoopFigures = Pick<
  VsphereLiveLoop,
  | 'updatesApplied'
  | 'sessions'
  | 'sessionFailures'
  | 'fullReadFallbacks'
  | 'deltaMutations'
  | 'entitiesChanged'
  | 'entitiesRemoved'
  | 'deltaFailures'
  | 'holdsLease'
>;

export interface LiveMetricsSource {
  /** The vCenters, each with its live loop once the provider has started one. */
  vcenters(): Array<{ id: string; loop?: LiveLoopFigures }>;
  sources: Pick<SyncSources, 'get'>;
  now?: () => number;
}

type Observe = (value: number, attributes: Record<string, string>) => void;

/**
 * Publishes the live loops' figures as metrics, the same ones the sync status API reports (mode,
 * last update, updates applied, last error as error counts) plus the delta mutations emitted and
 * the recoveries. All are observable: read from the loops and {@link SyncSources} when collected,
 * so the update path pays nothing. Returns the function that stops publishing.
 */
export function registerVsphereLiveMetrics(
  metrics: MetricsService,
  source: LiveMetricsSource,
): () => void {
  const now = source.now ?? Date.now;
  const registrations: Array<() => void> = [];
  const observe = (
    instrument: ReturnType<MetricsService['createObservableGauge']>,
    read: (
      vcenter: { id: string; loop?: LiveLoopFigures },
      observe: Observe,
    ) => void,
  ) => {
    const callback = (result: {
      observe(value: number, attributes?: Record<string, string>): void;
    }) => {
      for (const vc of source.vcenters()) {
        read(vc, (v, a) => result.observe(v, { vcenter: vc.id, ...a }));
      }
    };
    instrument.addCallback(callback);
    registrations.push(() => instrument.removeCallback(callback));
  };
  const counter = (
    name: string,
    description: string,
    read: (loop: LiveLoopFigures, observe: Observe) => void,
  ) =>
    observe(
      metrics.createObservableCounter(name, { description }),
      ({ loop }, o) => {
        if (loop) read(loop, o);
      },
    );

  observe(
    metrics.createObservableGauge('infra.vsphere.live.mode', {
      description:
        'Sync mode per vCenter in this replica: 1 for the current mode (idle, full, live, backing-off), 0 for the others',
    }),
    ({ id }, o) => {
      const mode = source.sources.get('vsphere', id)?.state.mode;
      if (!mode) return;
      for (const m of MODES) o(m === mode ? 1 : 0, { mode: m });
    },
  );
  observe(
    metrics.createObservableGauge('infra.vsphere.live.lease_held', {
      description:
        '1 when this replica runs the vCenter’s live loop (holds its lease), 0 when another does',
    }),
    ({ loop }, o) => {
      if (loop) o(loop.holdsLease ? 1 : 0, {});
    },
  );
  observe(
    metrics.createObservableGauge('infra.vsphere.live.last_update_age', {
      description:
        'Seconds since the last live update was applied (absent before the first one)',
      unit: 's',
    }),
    ({ id }, o) => {
      const at = source.sources.get('vsphere', id)?.state.lastUpdateAt;
      if (at !== undefined) o(Math.max(0, (now() - at) / 1000), {});
    },
  );
  counter(
    'infra.vsphere.live.updates_applied',
    'Object updates (enter, modify, leave) received and applied to the catalog',
    (l, o) => o(l.updatesApplied, {}),
  );
  counter(
    'infra.vsphere.live.delta_mutations',
    'Catalog delta mutations emitted by the live loop',
    (l, o) => o(l.deltaMutations, {}),
  );
  counter(
    'infra.vsphere.live.delta_entities',
    'Entities carried by the delta mutations, by change',
    (l, o) => {
      o(l.entitiesChanged, { change: 'changed' });
      o(l.entitiesRemoved, { change: 'removed' });
    },
  );
  counter(
    'infra.vsphere.live.sessions',
    'Live sessions started (property collectors created)',
    (l, o) => o(l.sessions, {}),
  );
  counter(
    'infra.vsphere.live.recoveries',
    'Full reads run as the fallback after a failed session, each followed by a new filter',
    (l, o) => o(l.fullReadFallbacks, {}),
  );
  counter(
    'infra.vsphere.live.errors',
    'Live failures: sessions that failed (InvalidCollectorVersion, lost session, vCenter unreachable) and delta batches that could not be applied',
    (l, o) => {
      o(l.sessionFailures, { stage: 'session' });
      o(l.deltaFailures, { stage: 'delta' });
    },
  );

  return () => registrations.splice(0).forEach(remove => remove());
}
