import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { VimClient } from '@infra-inventory/plugin-infra-node';
import express from 'express';
import request from 'supertest';
// vCenter-shaped answers that vcsim 0.24 cannot give (it has no alarms): infra-node's test helpers
/* eslint-disable @backstage/no-relative-monorepo-imports */
import {
  ok,
  ScriptedVim,
  startScriptedVim,
} from '../../../infra-node/src/vsphere/__testUtils__/scriptedVim';
import {
  mo,
  objectContent,
  prop,
  retrieveResult,
  str,
} from '../../../infra-node/src/vsphere/__testUtils__/vimXml';
/* eslint-enable @backstage/no-relative-monorepo-imports */
import { LayeredCache } from '../cache/LayeredCache';
import { InfraStore } from '../database/InfraStore';
import { createResourcesRouter, readResourcesConfig } from '.';
import { readClusterAlarms } from './vsphereReads';

const VIEW = 'session[52b6a3f1]5236c0e1-alarmview';
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const alarmState = (
  key: string,
  entity: [string, string],
  alarm: string,
  status: string,
  time: string,
  acknowledged = false,
) =>
  `<AlarmState><key>${key}</key>${mo('entity', entity[0], entity[1])}${mo(
    'alarm',
    'Alarm',
    alarm,
  )}<overallStatus>${status}</overallStatus><time>${time}</time>` +
  `<acknowledged>${acknowledged}</acknowledged><eventKey>4211</eventKey></AlarmState>`;
const states = (...items: string[]) =>
  prop('triggeredAlarmState', 'ArrayOfAlarmState', items.join(''));

const HOST_DOWN = alarmState(
  'alarm-7.host-12',
  ['HostSystem', 'host-12'],
  'alarm-7',
  'red',
  '2026-11-20T08:14:03.512Z',
);
const VM_CPU = alarmState(
  'alarm-9.vm-101',
  ['VirtualMachine', 'vm-101'],
  'alarm-9',
  'yellow',
  '2026-11-21T10:00:00Z',
  true,
);
const CLUSTER_HA = alarmState(
  'alarm-44.domain-c8',
  ['ClusterComputeResource', 'domain-c8'],
  'alarm-44',
  'yellow',
  '2026-11-22T07:30:00.000Z',
);

/** The first read: the cluster (whose state repeats its descendants'), a host and two VMs. */
const STATES = retrieveResult('RetrievePropertiesEx', [
  objectContent(
    'ClusterComputeResource',
    'domain-c8',
    states(CLUSTER_HA, HOST_DOWN, VM_CPU),
  ),
  objectContent('HostSystem', 'host-12', states(HOST_DOWN)),
  objectContent('HostSystem', 'host-13', states()),
  objectContent('VirtualMachine', 'vm-101', states(VM_CPU)),
  objectContent('VirtualMachine', 'vm-102', states()),
]);

/** The second read: names; alarm-44 was deleted in between and comes back missing. */
const NAMES = retrieveResult('RetrievePropertiesEx', [
  objectContent('Alarm', 'alarm-7', str('info.name', 'Host connection state')),
  objectContent('Alarm', 'alarm-9', str('info.name', 'VM CPU usage')),
  `<objects>${mo(
    'obj',
    'Alarm',
    'alarm-44',
  )}<missingSet><path>info.name</path><fault><fault xsi:type="ManagedObjectNotFound">${mo(
    'obj',
    'Alarm',
    'alarm-44',
  )}</fault></fault></missingSet></objects>`,
  objectContent('HostSystem', 'host-12', str('name', 'esx01.example.com')),
  objectContent('VirtualMachine', 'vm-101', str('name', 'web-01')),
  objectContent('ClusterComputeResource', 'domain-c8', str('name', 'prod')),
]);

describe('cluster alarms (scripted vCenter 8 answers)', () => {
  let vim: ScriptedVim;
  let reads: string[];
  const opened: Array<{ close(): Promise<void> }> = [];

  beforeEach(async () => {
    reads = [];
    vim = await startScriptedVim(req => {
      switch (req.method) {
        case 'CreateContainerView':
          return ok(
            'CreateContainerView',
            `<returnval type="ContainerView">${VIEW}</returnval>`,
          );
        case 'RetrievePropertiesEx':
          reads.push(req.body);
          return {
            body: req.body.includes('triggeredAlarmState') ? STATES : NAMES,
          };
        default:
          return undefined;
      }
    });
    opened.push(vim);
  });
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await o.close();
  });

  const EXPECTED = [
    {
      entityId: 'host-12',
      entityType: 'HostSystem',
      entityName: 'esx01.example.com',
      alarmId: 'alarm-7',
      alarmName: 'Host connection state',
      status: 'red',
      time: '2026-11-20T08:14:03.512Z',
      acknowledged: false,
    },
    {
      entityId: 'domain-c8',
      entityType: 'ClusterComputeResource',
      entityName: 'prod',
      alarmId: 'alarm-44',
      // deleted before its name was read: the id stands in
      alarmName: 'alarm-44',
      status: 'yellow',
      time: '2026-11-22T07:30:00.000Z',
      acknowledged: false,
    },
    {
      entityId: 'vm-101',
      entityType: 'VirtualMachine',
      entityName: 'web-01',
      alarmId: 'alarm-9',
      alarmName: 'VM CPU usage',
      status: 'yellow',
      time: '2026-11-21T10:00:00.000Z',
      acknowledged: true,
    },
  ];

  it('decodes triggered alarms once each, red first then newest, named in one more read', async () => {
    const client = await VimClient.connect({
      url: vim.url,
      username: 'svc',
      password: 'password',
    });
    opened.push(client);
    expect(await readClusterAlarms(client, 'domain-c8')).toEqual(EXPECTED);

    // one read of the states over the view (hosts and VMs) plus the cluster itself
    expect(reads).toHaveLength(2);
    expect(reads[0]).toContain(VIEW);
    expect(reads[0]).toContain('<type>HostSystem</type>');
    expect(reads[0]).toContain('<type>VirtualMachine</type>');
    expect(reads[0]).toMatch(
      /<obj type="ClusterComputeResource">domain-c8<\/obj><skip>false<\/skip>/,
    );
    // one read of each distinct definition's info.name and each alarmed object's name
    expect(reads[1].match(/<obj type="Alarm">/g)).toHaveLength(3);
    expect(reads[1]).toContain('<pathSet>info.name</pathSet>');
    expect(reads[1]).toContain(
      '<reportMissingObjectsInResults>true</reportMissingObjectsInResults>',
    );
    expect(vim.methods().filter(m => m === 'CreateContainerView')).toHaveLength(
      1,
    );
  });

  it('serves them on GET /resources/:vcenter/clusters/:cluster/alarms from a short-lived cache entry', async () => {
    const logger = mockServices.logger.mock();
    // memory and database layers only: what a replica without Redis runs on
    const knex = await databases.init('SQLITE_3');
    const database = await InfraStore.create({
      database: { getClient: async () => knex },
    });
    const cache = new LayeredCache({ database, logger });
    const resources = createResourcesRouter({
      settings: readResourcesConfig(
        new ConfigReader({
          catalog: {
            providers: {
              vsphere: { url: vim.url, username: 'svc', password: 'password' },
            },
          },
          infra: { resources: { ttlSeconds: { alarms: 0.2 } } },
        }),
      ),
      cache,
      logger,
      httpAuth: mockServices.httpAuth(),
      permissions: mockServices.permissions(),
    });
    opened.push(cache, resources);
    const app = express().use(resources.router);

    const first = await request(app).get(
      '/resources/default/clusters/domain-c8/alarms',
    );
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      vcenter: 'default',
      cluster: 'domain-c8',
      alarms: { items: EXPECTED, stale: false },
    });
    await request(app).get('/resources/default/clusters/domain-c8/alarms');
    expect(reads).toHaveLength(2); // from memory

    // past its 0.2 s TTL: answered stale at once, re-read in the background
    await new Promise(r => setTimeout(r, 250));
    const stale = await request(app).get(
      '/resources/default/clusters/domain-c8/alarms',
    );
    expect(stale.body.alarms).toMatchObject({ stale: true, items: EXPECTED });
    await cache.settled();
    expect(reads).toHaveLength(4);
    // more than one TTL past expiry: the request waits for a fresh read
    await new Promise(r => setTimeout(r, 450));
    const fresh = await request(app).get(
      '/resources/default/clusters/domain-c8/alarms',
    );
    expect(fresh.body.alarms).toMatchObject({ stale: false, items: EXPECTED });
    expect(reads).toHaveLength(6);
  });
});
