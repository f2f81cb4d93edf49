import { Entity } from '@backstage/catalog-model';
import { MoRef } from '@infra-inventory/plugin-infra-node';
import { median, percentile, round } from '../lib/stats';
import { BenchSuite, ScenarioMetrics } from '../lib/types';
import { invokeTask, startLiveRig, xmlText } from '../vsphere-live/setup';
import { Delta } from '../vsphere-live/timedConnection';

const POWER = 'vsphere.infra-inventory.io/power-state';
const MOREF = 'vsphere.infra-inventory.io/moref';

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

interface Vm {
  name: string;
  moref: MoRef;
}

/**
 * vSphere live updates (issue 4): vcsim with 1,500 VMs, the provider's WaitForUpdatesEx loop, and
 * the time from the SOAP call that changes a VM to the delta mutation naming it.
 */
export const vsphereLiveSuite: BenchSuite = {
  name: 'vsphere-live',
  description:
    "Live updates (WaitForUpdatesEx loop via VsphereEntityProvider, default batch window 250 ms, maxWaitSeconds 5) against vcsim with 1,500 VMs: change on vCenter → entity visible, measured from the SOAP call that makes the change (PowerOffVM_Task / PowerOnVM_Task / Rename_Task) until the provider hands the delta naming that VM to its catalog connection (a recording connection: the catalog's own processing is not in the figure); a burst of 1,000 power-offs issued 16 at a time until every VM's delta arrived, and how many delta mutations carried them (waiting at most 90 s after the last call: `arrived` and `complete` say whether all made it); the order is changes, idle, burst; an idle loop over 2 × maxWaitSeconds (SOAP calls of the loop's session per wait period, this process's CPU; vcsim's CPU is not counted). Targets: median ≤ 3 s, p95 ≤ 6 s; burst ≤ 15 s in ≤ 20 mutations; idle ≤ 1 call per maxWaitSeconds and < 1 % CPU.",
  async run({ smoke, log }) {
    const maxWaitSeconds = smoke ? 1 : 5;
    const groups = smoke ? 2 : 20; // three changes each
    const burst = smoke ? 20 : 1000;
    const parallel = 16;
    // how long to wait for the burst's deltas once the last call went out
    const burstDeadlineMs = smoke ? 10_000 : 90_000;
    const startedAt = Date.now();
    const rig = await startLiveRig({
      topology: smoke ? 'demo' : 'vms1500',
      maxWaitSeconds,
      log,
    });
    const { connection, admin } = rig;
    const scenarios: Record<string, ScenarioMetrics> = {};
    try {
      const full = connection.mutations.find(m => m.mutation.type === 'full');
      const entities =
        full?.mutation.type === 'full'
          ? full.mutation.entities.map(e => e.entity)
          : [];
      const vms: Vm[] = entities
        .filter(
          e =>
            e.spec?.type === 'vsphere-vm' &&
            e.metadata.labels?.[POWER] === 'poweredOn',
        )
        .map(e => ({
          name: e.metadata.name,
          moref: {
            type: 'VirtualMachine',
            value: e.metadata.annotations![MOREF],
          },
        }));
      log(
        `live after ${Date.now() - startedAt} ms: ${
          entities.length
        } entities, ${vms.length} powered-on VMs`,
      );
      if (vms.length < 2 * groups + burst) {
        throw new Error(
          `need ${2 * groups + burst} powered-on VMs, have ${vms.length}`,
        );
      }
      const shows = (d: Delta, name: string, check: (e: Entity) => boolean) =>
        d.added.some(a => a.entity.metadata.name === name && check(a.entity));

      // sequential single changes, each waited for: off, on again, rename
      const latencies: number[] = [];
      const byKind: Record<string, number[]> = { off: [], on: [], rename: [] };
      for (let g = 0; g < groups; g++) {
        const a = vms[2 * g];
        const b = vms[2 * g + 1];
        const title = `bench-renamed-${g}`;
        const changes: Array<
          [string, Vm, string, string, (e: Entity) => boolean]
        > = [
          [
            'off',
            a,
            'PowerOffVM_Task',
            '',
            e => e.metadata.labels?.[POWER] === 'poweredOff',
          ],
          [
            'on',
            a,
            'PowerOnVM_Task',
            '',
            e => e.metadata.labels?.[POWER] === 'poweredOn',
          ],
          [
            'rename',
            b,
            'Rename_Task',
            `<newName>${xmlText(title)}</newName>`,
            e => e.metadata.title === title,
          ],
        ];
        for (const [kind, vm, method, inner, check] of changes) {
          const from = connection.mutations.length;
          const t0 = performance.now();
          await invokeTask(admin, method, vm.moref, inner);
          const at = await connection.deltaAt(
            d => shows(d, vm.name, check),
            from,
            30_000,
          );
          latencies.push(at - t0);
          byKind[kind].push(at - t0);
        }
      }
      scenarios['changes-1500'] = {
        changes: latencies.length,
        medianMs: round(median(latencies)),
        p95Ms: round(percentile(latencies, 95)),
      };
      log(
        `${latencies.length} changes: median ${round(
          median(latencies),
        )} ms, p95 ${round(percentile(latencies, 95))} ms, max ${round(
          Math.max(...latencies),
        )} ms; median off ${round(median(byKind.off))}, on ${round(
          median(byKind.on),
        )}, rename ${round(median(byKind.rename))} ms`,
      );

      // idle: nothing changes for 2 × maxWaitSeconds (before the burst: vcsim stays busy after it)
      {
        // let the last change settle: no mutation for a second
        let last = connection.mutations.length;
        for (;;) {
          await sleep(1000);
          if (connection.mutations.length === last) break;
          last = connection.mutations.length;
        }
        const windowTarget = 2 * maxWaitSeconds * 1000;
        const calls0 = rig.loopSoapCalls();
        const mutations0 = connection.mutations.length;
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        await sleep(windowTarget);
        const windowMs = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        const calls = rig.loopSoapCalls() - calls0;
        const cpuPercent = ((cpu.user + cpu.system) / 1000 / windowMs) * 100;
        scenarios.idle = {
          callsPerWait: round(calls / (windowMs / (maxWaitSeconds * 1000)), 2),
          cpuPercent: round(cpuPercent, 2),
          maxWaitSeconds,
          mutations: connection.mutations.length - mutations0,
        };
        log(
          `idle over ${round(
            windowMs,
          )} ms (maxWaitSeconds ${maxWaitSeconds}): ${calls} SOAP calls, ${round(
            cpuPercent,
            2,
          )} % CPU, ${connection.mutations.length - mutations0} mutations`,
        );
      }

      // a burst: power off `burst` VMs, `parallel` calls in flight, until every delta arrived
      // (or `burstDeadlineMs` after the last call: then how many had arrived)
      {
        const targets = vms.slice(2 * groups, 2 * groups + burst);
        const pending = new Set(targets.map(v => v.name));
        const from = connection.mutations.length;
        let seen = from;
        let lastAt = 0;
        let lastIndex = from - 1;
        let armTimeout = () => {};
        let timer: NodeJS.Timeout | undefined;
        const progress = setInterval(
          () =>
            log(
              `burst: ${pending.size} VMs still without a delta, ${
                connection.mutations.length - from
              } mutations so far, ${rig.loopSoapCalls()} SOAP calls by the loop`,
            ),
          10_000,
        );
        const allArrived = new Promise<boolean>(resolve => {
          const off = connection.onMutation(() => {
            for (; seen < connection.mutations.length; seen++) {
              const { at, mutation } = connection.mutations[seen];
              if (mutation.type !== 'delta') continue;
              for (const a of mutation.added) {
                if (
                  pending.has(a.entity.metadata.name) &&
                  a.entity.metadata.labels?.[POWER] === 'poweredOff'
                ) {
                  pending.delete(a.entity.metadata.name);
                  lastAt = at;
                  lastIndex = seen;
                }
              }
              if (pending.size === 0) {
                clearTimeout(timer);
                off();
                resolve(true);
                return;
              }
            }
          });
          armTimeout = () => {
            timer = setTimeout(() => {
              off();
              resolve(false);
            }, burstDeadlineMs);
          };
        });
        const t0 = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: parallel }, async () => {
            while (next < targets.length) {
              const vm = targets[next++];
              await invokeTask(admin, 'PowerOffVM_Task', vm.moref);
            }
          }),
        );
        const issuedMs = performance.now() - t0;
        log(`burst: ${burst} calls issued in ${round(issuedMs)} ms`);
        if (pending.size > 0) armTimeout();
        const complete =
          pending.size === 0 ||
          (await allArrived.finally(() => clearInterval(progress)));
        clearInterval(progress);
        const endAt = complete ? lastAt : performance.now();
        const mutations = connection.mutations
          .slice(from, lastIndex + 1)
          .filter(m => m.mutation.type === 'delta').length;
        scenarios[`burst-${burst}`] = {
          totalMs: round(endAt - t0),
          mutations,
          arrived: burst - pending.size,
          complete: complete ? 1 : 0,
          issueMs: round(issuedMs),
        };
        log(
          complete
            ? `burst of ${burst} power-offs: all deltas after ${round(
                endAt - t0,
              )} ms in ${mutations} delta mutations`
            : `burst of ${burst} power-offs: only ${
                burst - pending.size
              } VMs had their delta ${burstDeadlineMs} ms after the last call (${mutations} delta mutations)`,
        );
      }
    } finally {
      await rig.stop();
    }
    return scenarios;
  },
};
