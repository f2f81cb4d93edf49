import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { PermissionsService } from '@backstage/backend-plugin-api';
import {
  describeWith,
  realDatabaseIds,
  RunningEmulatedSwitch,
  sharedFixtures,
  startSwitchFleet,
  SwitchFleet,
} from '@internal/infra-test-utils';
import {
  createMacTraceEngine,
  createSwitchInfoCache,
  SwitchPlatformId,
  SwitchSessionPool,
  SwitchTarget,
} from '@infra-inventory/plugin-infra-node';
import express from 'express';
import request from 'supertest';
import { createMacTraceRouter, MacTraceRouter } from './createMacTraceRouter';
import { MacTraceStore } from './MacTraceStore';

const databases = TestDatabases.create({ ids: realDatabaseIds() });

const ALICE = 'user:default/alice'; // may run traces and see uplinks
const BOB = 'user:default/bob'; // may run traces only
const EVE = 'user:default/eve'; // nothing

const permissions = {
  authorize: async (
    requests: Array<{ permission: { name: string } }>,
    { credentials }: { credentials: any },
  ) =>
    requests.map(r => {
      const who = credentials.principal?.userEntityRef;
      const ok =
        who === ALICE ||
        (who === BOB && r.permission.name === 'infra.mactrace.run');
      return { result: ok ? 'ALLOW' : 'DENY' };
    }),
  authorizeConditional: async () => [],
} as unknown as PermissionsService;

const auth = (user: string) => mockCredentials.user.header(user);

function targetOf(
  s: RunningEmulatedSwitch,
  extra: Partial<SwitchTarget> = {},
): SwitchTarget {
  return {
    id: s.name,
    host: s.host,
    port: s.port,
    platform: s.platform as SwitchPlatformId,
    username: s.username,
    password: s.password,
    ...extra,
  };
}

async function waitForJob(app: express.Express, id: string, user = ALICE) {
  for (let i = 0; i < 200; i++) {
    const res = await request(app)
      .get(`/mactrace/jobs/${id}`)
      .set('Authorization', auth(user));
    if (res.body.state === 'done' || res.body.state === 'failed')
      return res.body;
    await new Promise(r => setTimeout(r, 25));
  }
  throw new Error('job did not finish');
}

const M1 = '02:aa:00:00:00:01';
const M2 = '02aa.0000.0002';

describeWith(sharedFixtures)(
  'MAC trace router against the emulated fleet',
  () => {
    let fleet: SwitchFleet;
    beforeAll(async () => {
      fleet = await startSwitchFleet({
        latencyMs: 5,
        switches: [
          {
            name: 'acc1',
            platform: 'cisco_ios',
            macs: [{ mac: M1, port: 'Gi1/0/4', vlan: 1 }],
          },
          {
            name: 'dist1',
            platform: 'dell_os10',
            macs: [
              { mac: M1, port: 'port-channel1', vlan: 1 },
              { mac: M2, port: 'port-channel1', vlan: 1 },
            ],
          },
          { name: 'locked1', platform: 'cisco_ios', mode: 'wrongCredentials' },
        ],
      });
    });
    afterAll(() => fleet?.stop());

    it.each(databases.eachSupportedId())(
      'runs jobs in the background, keeps state, sightings, audit and host keys in %p',
      async databaseId => {
        const knex = await databases.init(databaseId);
        const store = await MacTraceStore.create({
          database: { getClient: async () => knex } as any,
        });
        const mismatches: string[] = [];
        const pool = new SwitchSessionPool({
          hostKeys: store.hostKeyStore(),
          onHostKeyMismatch: e => {
            mismatches.push(e.switchId);
            void store.recordHostKeyMismatch(e.switchId, e.presented);
          },
        });
        const engine = createMacTraceEngine({
          pool,
          cache: createSwitchInfoCache(),
          deadlines: { commandMs: 5000, traceMs: 10_000 },
        });
        const switches = [
          targetOf(fleet.byName('acc1'), { site: 'hq', floor: '1' }),
          targetOf(fleet.byName('dist1'), { site: 'hq', floor: '0' }),
          targetOf(fleet.byName('locked1'), { site: 'branch' }),
        ];
        const router: MacTraceRouter = await createMacTraceRouter({
          store,
          engine,
          permissions,
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.none(),
          }),
          switches: async () => switches,
        });
        const app = express().use(router);
        try {
          // Validation, with one error per bad item.
          const bad = await request(app)
            .post('/mactrace/jobs')
            .set('Authorization', auth(BOB))
            .send({ macs: `${M1}, zz:zz, 02aa00000001ff` });
          expect(bad.status).toBe(400);
          expect(bad.body.invalid.map((i: any) => i.input)).toEqual([
            'zz:zz',
            '02aa00000001ff',
          ]);
          expect(bad.body.invalid[0].reason).toEqual(expect.any(String));
          expect(
            (
              await request(app)
                .post('/mactrace/jobs')
                .set('Authorization', auth(BOB))
                .send({ macs: 42 })
            ).status,
          ).toBe(400);
          expect(
            (
              await request(app)
                .post('/mactrace/jobs')
                .set('Authorization', auth(BOB))
                .send({ macs: M1, switches: ['nope'] })
            ).body.error.message,
          ).toMatch(/Unknown switches: nope/);
          // Permissions.
          expect(
            (
              await request(app)
                .post('/mactrace/jobs')
                .set('Authorization', auth(EVE))
                .send({ macs: M1 })
            ).status,
          ).toBe(403);
          expect(
            (
              await request(app)
                .post('/mactrace/jobs')
                .set('Authorization', mockCredentials.none.header())
                .send({ macs: M1 })
            ).status,
          ).toBe(401);

          const started = await request(app)
            .post('/mactrace/jobs')
            .set('Authorization', auth(ALICE))
            .send({ macs: `${M1}\n${M2}`, site: 'hq' });
          expect(started.status).toBe(202);
          const job = await waitForJob(app, started.body.jobId);
          expect(job).toMatchObject({
            state: 'done',
            requestedBy: ALICE,
            macs: ['02aa00000001', '02aa00000002'],
            filter: { site: 'hq' },
            totalSwitches: 2,
            doneSwitches: 2,
          });
          expect(job.switches.map((s: any) => [s.switchId, s.status])).toEqual([
            ['acc1', 'ok'],
            ['dist1', 'ok'],
          ]);
          expect(job.results[0].edge).toMatchObject({
            switchId: 'acc1',
            port: 'Gi1/0/4',
          });
          expect(job.results[1]).toMatchObject({ onlyUplinks: true });
          expect(job.results[1].excluded[0]).toMatchObject({
            switchId: 'dist1',
            port: 'port-channel1',
            excludedBecause: 'lag',
          });

          // Without the uplinks permission: no uplink ports, only a count.
          const bobView = await waitForJob(app, started.body.jobId, BOB);
          expect(bobView.results[1].excluded).toBeUndefined();
          expect(bobView.results[1].excludedCount).toBe(1);
          expect(JSON.stringify(bobView.results)).not.toMatch(/port-channel1/);

          // Sites and floors for the pickers: any signed-in user, never credentials.
          const sw = await request(app)
            .get('/mactrace/switches')
            .set('Authorization', auth(EVE));
          expect(sw.status).toBe(200);
          expect(sw.body).toEqual({
            sites: [
              { site: 'branch', floors: [] },
              {
                site: 'hq',
                floors: [
                  { floor: '0', switches: 1 },
                  { floor: '1', switches: 1 },
                ],
              },
            ],
            switches: [
              { id: 'acc1', site: 'hq', floor: '1', platform: 'cisco_ios' },
              { id: 'dist1', site: 'hq', floor: '0', platform: 'dell_os10' },
              { id: 'locked1', site: 'branch', platform: 'cisco_ios' },
            ],
          });
          expect(sw.text).not.toMatch(/password|username|privateKey|host/i);
          expect(
            (
              await request(app)
                .get('/mactrace/switches')
                .set('Authorization', mockCredentials.none.header())
            ).status,
          ).toBe(401);

          // Sightings: the last place seen, uplinks only for those allowed.
          const s1 = await request(app)
            .get('/mactrace/sightings?mac=02-AA-00-00-00-01')
            .set('Authorization', auth(ALICE));
          expect(
            s1.body.sightings.map((s: any) => [s.switchId, s.port, s.portKind]),
          ).toEqual(
            expect.arrayContaining([
              ['acc1', 'Gi1/0/4', 'edge'],
              ['dist1', 'port-channel1', 'lag'],
            ]),
          );
          const s2 = await request(app)
            .get(`/mactrace/sightings?mac=${M1}`)
            .set('Authorization', auth(BOB));
          expect(s2.body.sightings.map((s: any) => s.port)).toEqual([
            'Gi1/0/4',
          ]);
          expect(
            (
              await request(app)
                .get('/mactrace/sightings?mac=nope')
                .set('Authorization', auth(BOB))
            ).status,
          ).toBe(400);
          expect(
            (
              await request(app)
                .get('/mactrace/jobs/unknown')
                .set('Authorization', auth(BOB))
            ).status,
          ).toBe(404);

          // Host keys were learnt on first use and persisted.
          expect(await store.hostKeyStore().get('acc1')).toBe(
            fleet.byName('acc1').fingerprint,
          );

          // A failing switch is a status, not a failed job; a re-keyed switch is refused and recorded.
          fleet.byName('dist1').setMode('wrongHostKey');
          pool.closeIdle();
          const second = await request(app)
            .post('/mactrace/jobs')
            .set('Authorization', auth(ALICE))
            .send({ macs: M1, switches: 'locked1,dist1' });
          const job2 = await waitForJob(app, second.body.jobId);
          expect(
            Object.fromEntries(
              job2.switches.map((s: any) => [s.switchId, s.status]),
            ),
          ).toEqual({
            dist1: 'host_key_mismatch',
            locked1: 'auth_failed',
          });
          expect(mismatches).toContain('dist1');
          await router.drain();

          const audit = await store.listAudit();
          expect(audit.map(a => [a.action, a.outcome])).toEqual([
            ['mactrace.finish', 'partial'],
            ['mactrace.start', 'accepted'],
            ['mactrace.finish', 'complete'],
            ['mactrace.start', 'accepted'],
          ]);
          expect(audit[0]).toMatchObject({
            actor: ALICE,
            jobId: second.body.jobId,
          });
          expect(audit[0].detail).toMatchObject({
            switches: ['locked1', 'dist1'],
          });
        } finally {
          fleet.byName('dist1').setMode('normal');
          await router.drain();
          await pool.close();
        }
      },
      30_000,
    );
  },
);
