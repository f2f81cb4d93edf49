import { VimClient } from './client';
import { DEFAULT_INVENTORY_SPEC, inventoryFilterSpecs } from './inventorySpec';
import { readInventory } from './readInventory';
import {
  fault,
  ok,
  ScriptedHandler,
  ScriptedRequest,
  ScriptedVim,
  startScriptedVim,
} from './__testUtils__/scriptedVim';
import {
  bool,
  enumProp,
  mo,
  num,
  objectContent,
  prop,
  ref,
  refs,
  retrieveResult,
  str,
} from './__testUtils__/vimXml';

/**
 * A recorded-style exchange with a vCenter 8 that pages (100 per page, here 3 pages), has
 * triggered alarms and distributed portgroups with all three VLAN kinds: what vcsim 0.24 cannot
 * show.
 */
const VIEW = 'session[52b6a3f1]5236c0e1-view';

const alarmState = (
  key: string,
  entity: [string, string],
  alarm: string,
  status: string,
) =>
  `<AlarmState>${key ? `<key>${key}</key>` : ''}${mo(
    'entity',
    entity[0],
    entity[1],
  )}${mo('alarm', 'Alarm', alarm)}` +
  `<overallStatus>${status}</overallStatus><time>2026-11-20T08:14:03.512Z</time><acknowledged>false</acknowledged>` +
  `<eventKey>4211</eventKey></AlarmState>`;

const PAGE_1 = [
  objectContent(
    'Folder',
    'group-d1',
    str('name', 'Datacenters'),
    prop(
      'triggeredAlarmState',
      'ArrayOfAlarmState',
      alarmState(
        'alarm-7.host-12',
        ['HostSystem', 'host-12'],
        'alarm-7',
        'red',
      ) +
        alarmState(
          'alarm-7.host-13',
          ['HostSystem', 'host-13'],
          'alarm-7',
          'red',
        ) +
        alarmState(
          'alarm-44.datastore-20',
          ['Datastore', 'datastore-20'],
          'alarm-44',
          'yellow',
        ),
    ),
  ),
  objectContent(
    'Datacenter',
    'datacenter-3',
    str('name', 'DC Zürich & Co'),
    ref('parent', 'Folder', 'group-d1'),
  ),
  objectContent(
    'Folder',
    'group-h5',
    str('name', 'host'),
    ref('parent', 'Datacenter', 'datacenter-3'),
  ),
  objectContent(
    'ClusterComputeResource',
    'domain-c8',
    str('name', 'prod-cluster'),
    ref('parent', 'Folder', 'group-h5'),
    num('summary.totalCpu', 'int', 96000),
    num('summary.effectiveCpu', 'int', 90000),
    num('summary.totalMemory', 'long', 824633720832),
    num('summary.effectiveMemory', 'long', 760000),
    num('summary.numHosts', 'int', 2),
    num('summary.numEffectiveHosts', 'int', 2),
    enumProp('overallStatus', 'ManagedEntityStatus', 'red'),
    bool('configuration.dasConfig.enabled', true),
    bool('configuration.drsConfig.enabled', true),
    enumProp(
      'configuration.drsConfig.defaultVmBehavior',
      'DrsBehavior',
      'fullyAutomated',
    ),
  ),
  objectContent(
    'HostSystem',
    'host-12',
    str('name', 'esx01.example.com'),
    ref('parent', 'ClusterComputeResource', 'domain-c8'),
    str('hardware.systemInfo.vendor', 'Dell Inc.'),
    str('hardware.systemInfo.model', 'PowerEdge R750'),
    str('hardware.systemInfo.serialNumber', 'ABC1234'),
    prop(
      'hardware.systemInfo.otherIdentifyingInfo',
      'ArrayOfHostSystemIdentificationInfo',
      '<HostSystemIdentificationInfo><identifierValue>ABC1234</identifierValue><identifierType xsi:type="ElementDescription">' +
        '<label>Service tag</label><summary>Service tag of the system</summary><key>ServiceTag</key></identifierType></HostSystemIdentificationInfo>',
    ),
    num('summary.hardware.numCpuCores', 'short', 48),
    num('summary.hardware.cpuMhz', 'int', 2000),
    num('summary.hardware.memorySize', 'long', 412316860416),
    str('config.product.version', '8.0.2'),
    str('config.product.build', '22380479'),
    enumProp(
      'runtime.connectionState',
      'HostSystemConnectionState',
      'connected',
    ),
    bool('runtime.inMaintenanceMode', false),
    enumProp('runtime.powerState', 'HostSystemPowerState', 'poweredOn'),
    enumProp('overallStatus', 'ManagedEntityStatus', 'red'),
  ),
];

const PAGE_2 = [
  objectContent(
    'VirtualMachine',
    'vm-1001',
    str('name', `web <01> & "db" 'x' – 東京`),
    ref('parent', 'Folder', 'group-v4'),
    str('config.uuid', '4211f1a2-0000-0000-0000-000000000001'),
    str('config.instanceUuid', '5011f1a2-0000-0000-0000-000000000001'),
    num('config.hardware.numCPU', 'int', 4),
    num('config.hardware.memoryMB', 'int', 16384),
    bool('config.template', false),
    str('config.guestFullName', 'Ubuntu Linux (64-bit)'),
    enumProp('runtime.powerState', 'VirtualMachinePowerState', 'poweredOn'),
    ref('runtime.host', 'HostSystem', 'host-12'),
    str('guest.ipAddress', '10.1.2.3'),
    enumProp('guest.toolsStatus', 'VirtualMachineToolsStatus', 'toolsOk'),
    str('guest.toolsVersionStatus', 'guestToolsCurrent'),
    num('summary.storage.committed', 'long', 42949672960),
    num('summary.storage.uncommitted', 'long', 0),
    refs('network', [['DistributedVirtualPortgroup', 'dvportgroup-31']]),
    refs('datastore', [['Datastore', 'datastore-20']]),
    ref('resourcePool', 'ResourcePool', 'resgroup-9'),
    prop(
      'customValue',
      'ArrayOfCustomFieldValue',
      '<CustomFieldValue xsi:type="CustomFieldStringValue"><key>101</key><value>team-a</value></CustomFieldValue>',
    ),
  ),
  objectContent(
    'Datastore',
    'datastore-20',
    str('name', 'vsan-prod'),
    ref('parent', 'Folder', 'group-s6'),
    num('summary.capacity', 'long', 10995116277760),
    num('summary.freeSpace', 'long', 5497558138880),
    num('summary.uncommitted', 'long', 0),
    str('summary.type', 'vsan'),
    str('summary.url', 'ds:///vmfs/volumes/vsan:52c4/'),
    bool('summary.accessible', true),
    str('summary.maintenanceMode', 'normal'),
    prop(
      'host',
      'ArrayOfDatastoreHostMount',
      '<DatastoreHostMount><key type="HostSystem">host-12</key><mountInfo><path>/vmfs/volumes/vsan:52c4</path>' +
        '<accessMode>readWrite</accessMode><mounted>true</mounted><accessible>true</accessible></mountInfo></DatastoreHostMount>' +
        '<DatastoreHostMount><key type="HostSystem">host-13</key><mountInfo><accessMode>readOnly</accessMode>' +
        '<mounted>false</mounted><accessible>false</accessible></mountInfo></DatastoreHostMount>',
    ),
    refs('vm', [['VirtualMachine', 'vm-1001']]),
  ),
  objectContent(
    'DistributedVirtualPortgroup',
    'dvportgroup-31',
    str('name', 'pg-vlan120'),
    refs('host', [['HostSystem', 'host-12']]),
    refs('vm', [['VirtualMachine', 'vm-1001']]),
    ref(
      'config.distributedVirtualSwitch',
      'VmwareDistributedVirtualSwitch',
      'dvs-30',
    ),
    bool('config.uplink', false),
    prop(
      'config.defaultPortConfig.vlan',
      'VmwareDistributedVirtualSwitchVlanIdSpec',
      '<inherited>false</inherited><vlanId>120</vlanId>',
    ),
  ),
];

const PAGE_3 = [
  objectContent(
    'DistributedVirtualPortgroup',
    'dvportgroup-32',
    str('name', 'pg-trunk'),
    ref(
      'config.distributedVirtualSwitch',
      'VmwareDistributedVirtualSwitch',
      'dvs-30',
    ),
    prop(
      'config.defaultPortConfig.vlan',
      'VmwareDistributedVirtualSwitchTrunkVlanSpec',
      '<inherited>false</inherited><vlanId><start>100</start><end>199</end></vlanId>',
    ),
  ),
  objectContent(
    'DistributedVirtualPortgroup',
    'dvportgroup-33',
    str('name', 'pg-pvlan'),
    prop(
      'config.defaultPortConfig.vlan',
      'VmwareDistributedVirtualSwitchPvlanSpec',
      '<inherited>false</inherited><pvlanId>501</pvlanId>',
    ),
  ),
  objectContent(
    'VmwareDistributedVirtualSwitch',
    'dvs-30',
    str('name', 'dvs-prod'),
    str('uuid', '50 1a 2b'),
  ),
  objectContent(
    'Network',
    'network-40',
    str('name', 'VM Network'),
    prop('host', 'ArrayOfManagedObjectReference', ''),
    prop('vm', 'ArrayOfManagedObjectReference', ''),
  ),
  objectContent(
    'ResourcePool',
    'resgroup-9',
    str('name', 'Resources'),
    ref('parent', 'ClusterComputeResource', 'domain-c8'),
  ),
  objectContent(
    'VirtualApp',
    'resgroup-v50',
    str('name', 'vapp-1'),
    ref('parent', 'ResourcePool', 'resgroup-9'),
  ),
];

const ALARMS = retrieveResult('RetrievePropertiesEx', [
  objectContent(
    'Alarm',
    'alarm-7',
    str('info.name', 'Host connection and power state'),
  ),
  `<objects>${mo(
    'obj',
    'Alarm',
    'alarm-44',
  )}<missingSet><path>info.name</path><fault><fault xsi:type="ManagedObjectNotFound">${mo(
    'obj',
    'Alarm',
    'alarm-44',
  )}</fault></fault></missingSet></objects>`,
]);

/** vCenter's paging: single-use tokens, a reused one is an InvalidProperty fault. */
function pagingVcenter(extra?: ScriptedHandler) {
  const tokens = new Map<string, { body: string }>([
    [
      '1',
      { body: retrieveResult('ContinueRetrievePropertiesEx', PAGE_2, '2') },
    ],
    ['2', { body: retrieveResult('ContinueRetrievePropertiesEx', PAGE_3) }],
  ]);
  const views = new Set<string>();
  const handler = async (req: ScriptedRequest) => {
    const custom = await extra?.(req);
    if (custom) return custom;
    switch (req.method) {
      case 'CreateContainerView':
        views.add(VIEW);
        return ok(
          'CreateContainerView',
          `<returnval type="ContainerView">${VIEW}</returnval>`,
        );
      case 'DestroyView':
        views.delete(VIEW);
        return ok('DestroyView');
      case 'RetrievePropertiesEx':
        if (req.body.includes('<type>Alarm</type>')) return { body: ALARMS };
        return { body: retrieveResult('RetrievePropertiesEx', PAGE_1, '1') };
      case 'ContinueRetrievePropertiesEx':
      case 'CancelRetrievePropertiesEx': {
        const token = /<token>([^<]*)<\/token>/.exec(req.body)![1];
        const page = tokens.get(token);
        tokens.delete(token);
        if (!page) return fault('InvalidProperty', '', '<name>token</name>');
        return req.method === 'CancelRetrievePropertiesEx'
          ? ok('CancelRetrievePropertiesEx')
          : { body: page.body };
      }
      default:
        return undefined;
    }
  };
  return { handler, views, tokens };
}

describe('readInventory against a recorded paging vCenter', () => {
  let vim: ScriptedVim;
  let client: VimClient;

  afterEach(async () => {
    await client?.close();
    await vim?.close();
  });

  const setUp = async (extra?: Parameters<typeof pagingVcenter>[0]) => {
    const server = pagingVcenter(extra);
    vim = await startScriptedVim(server.handler);
    client = await VimClient.connect({
      url: vim.url,
      username: 'svc',
      password: 'password',
    });
    return server;
  };

  it('follows every token, builds typed records and names the triggered alarms', async () => {
    const server = await setUp();
    const pages: unknown[] = [];
    const inventory = await readInventory(client, undefined, {
      onPage: p => pages.push(p),
    });

    expect(vim.methods().slice(2)).toEqual([
      'CreateContainerView',
      'RetrievePropertiesEx',
      'ContinueRetrievePropertiesEx',
      'ContinueRetrievePropertiesEx',
      'DestroyView',
      'RetrievePropertiesEx',
    ]);
    expect(server.views.size).toBe(0);
    expect(pages).toEqual([
      { index: 0, objects: 5, more: true },
      { index: 1, objects: 3, more: true },
      { index: 2, objects: 6, more: false },
    ]);
    expect(inventory.stats).toMatchObject({
      soapCalls: 6,
      pages: 3,
      objects: 14,
      restarts: 0,
    });
    expect(inventory.stats.bytes).toBeGreaterThan(10_000);

    expect(inventory.vms).toEqual([
      {
        moref: { type: 'VirtualMachine', value: 'vm-1001' },
        name: `web <01> & "db" 'x' – 東京`,
        parent: { type: 'Folder', value: 'group-v4' },
        uuid: '4211f1a2-0000-0000-0000-000000000001',
        instanceUuid: '5011f1a2-0000-0000-0000-000000000001',
        numCpu: 4,
        memoryMb: 16384,
        template: false,
        guestFullName: 'Ubuntu Linux (64-bit)',
        powerState: 'poweredOn',
        host: { type: 'HostSystem', value: 'host-12' },
        ipAddress: '10.1.2.3',
        toolsStatus: 'toolsOk',
        toolsVersionStatus: 'guestToolsCurrent',
        storageCommittedBytes: 42949672960,
        storageUncommittedBytes: 0,
        networks: [
          { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-31' },
        ],
        datastores: [{ type: 'Datastore', value: 'datastore-20' }],
        resourcePool: { type: 'ResourcePool', value: 'resgroup-9' },
        customValues: [{ key: 101, value: 'team-a' }],
      },
    ]);
    expect(inventory.hosts[0]).toMatchObject({
      name: 'esx01.example.com',
      vendor: 'Dell Inc.',
      serialNumber: 'ABC1234',
      identifiers: [
        { type: 'ServiceTag', label: 'Service tag', value: 'ABC1234' },
      ],
      numCpuCores: 48,
      memoryBytes: 412316860416,
      productVersion: '8.0.2',
      inMaintenanceMode: false,
      overallStatus: 'red',
    });
    expect(inventory.computeResources).toEqual([
      {
        moref: { type: 'ClusterComputeResource', value: 'domain-c8' },
        name: 'prod-cluster',
        parent: { type: 'Folder', value: 'group-h5' },
        isCluster: true,
        totalCpuMhz: 96000,
        effectiveCpuMhz: 90000,
        totalMemoryBytes: 824633720832,
        effectiveMemoryMb: 760000,
        numHosts: 2,
        numEffectiveHosts: 2,
        overallStatus: 'red',
        haEnabled: true,
        drsEnabled: true,
        drsDefaultVmBehavior: 'fullyAutomated',
      },
    ]);
    expect(inventory.datastores[0].hostMounts).toEqual([
      {
        host: { type: 'HostSystem', value: 'host-12' },
        path: '/vmfs/volumes/vsan:52c4',
        accessMode: 'readWrite',
        mounted: true,
        accessible: true,
      },
      {
        host: { type: 'HostSystem', value: 'host-13' },
        accessMode: 'readOnly',
        mounted: false,
        accessible: false,
      },
    ]);
    expect(inventory.networks.map(n => [n.moref.value, n.vlan])).toEqual([
      ['dvportgroup-31', { kind: 'vlan', vlanId: 120 }],
      ['dvportgroup-32', { kind: 'trunk', ranges: [{ start: 100, end: 199 }] }],
      ['dvportgroup-33', { kind: 'pvlan', pvlanId: 501 }],
      ['network-40', undefined],
    ]);
    expect(inventory.networks[0]).toMatchObject({
      distributedSwitch: {
        type: 'VmwareDistributedVirtualSwitch',
        value: 'dvs-30',
      },
      uplink: false,
    });
    expect(inventory.distributedSwitches).toEqual([
      {
        moref: { type: 'VmwareDistributedVirtualSwitch', value: 'dvs-30' },
        name: 'dvs-prod',
        uuid: '50 1a 2b',
      },
    ]);
    expect(inventory.datacenters[0].name).toBe('DC Zürich & Co');
    expect(inventory.folders.map(f => f.moref.value)).toEqual([
      'group-d1',
      'group-h5',
    ]);
    expect(inventory.resourcePools.map(r => r.moref.type)).toEqual([
      'ResourcePool',
      'VirtualApp',
    ]);

    expect(inventory.triggeredAlarms).toEqual([
      {
        key: 'alarm-7.host-12',
        entity: { type: 'HostSystem', value: 'host-12' },
        alarm: { type: 'Alarm', value: 'alarm-7' },
        alarmName: 'Host connection and power state',
        overallStatus: 'red',
        time: '2026-11-20T08:14:03.512Z',
        acknowledged: false,
      },
      {
        key: 'alarm-7.host-13',
        entity: { type: 'HostSystem', value: 'host-13' },
        alarm: { type: 'Alarm', value: 'alarm-7' },
        alarmName: 'Host connection and power state',
        overallStatus: 'red',
        time: '2026-11-20T08:14:03.512Z',
        acknowledged: false,
      },
      // deleted between the two reads: reported without a name
      {
        key: 'alarm-44.datastore-20',
        entity: { type: 'Datastore', value: 'datastore-20' },
        alarm: { type: 'Alarm', value: 'alarm-44' },
        overallStatus: 'yellow',
        time: '2026-11-20T08:14:03.512Z',
        acknowledged: false,
      },
    ]);
    // the alarm lookup asks for each distinct alarm once
    const alarmRead = vim.requests.at(-1)!.body;
    expect(alarmRead.match(/<obj type="Alarm">/g)).toHaveLength(2);
    expect(alarmRead).toContain(
      '<reportMissingObjectsInResults>true</reportMissingObjectsInResults>',
    );
  });

  it('asks for maxObjects and sends the view and the root folder as two filters', async () => {
    await setUp();
    await readInventory(client, undefined, { maxObjects: 250 });
    const first = vim.requests.find(
      r => r.method === 'RetrievePropertiesEx',
    )!.body;
    expect(first).toContain('<options><maxObjects>250</maxObjects></options>');
    expect(first.match(/<specSet>/g)).toHaveLength(2);
    expect(first).toContain(
      `<obj type="ContainerView">${VIEW}</obj><skip>true</skip><selectSet xsi:type="vim25:TraversalSpec">`,
    );
    expect(first).toContain(
      '<objectSet><obj type="Folder">group-d1</obj><skip>false</skip></objectSet>',
    );
    const create = vim.requests.find(
      r => r.method === 'CreateContainerView',
    )!.body;
    expect(create).toContain('<container type="Folder">group-d1</container>');
    expect(create.match(/<type>/g)).toHaveLength(9);
    expect(create).toContain('<recursive>true</recursive>');
  });

  it('cancels the outstanding token and destroys the view when aborted between pages', async () => {
    const controller = new AbortController();
    const server = await setUp();
    const error = await readInventory(client, undefined, {
      signal: controller.signal,
      onPage: p => {
        if (p.index === 0) controller.abort();
      },
    }).catch(e => e);
    expect(error.name).toBe('AbortError');
    expect(vim.methods().slice(2)).toEqual([
      'CreateContainerView',
      'RetrievePropertiesEx',
      'CancelRetrievePropertiesEx',
      'DestroyView',
    ]);
    expect(server.views.size).toBe(0);
    expect([...server.tokens.keys()]).toEqual(['2']);
  });

  it('lets the page in flight land when aborted mid-page, then cancels its token', async () => {
    const controller = new AbortController();
    const server = await setUp(req => {
      if (req.method === 'ContinueRetrievePropertiesEx') {
        setTimeout(() => controller.abort(), 20);
        return {
          body: retrieveResult('ContinueRetrievePropertiesEx', PAGE_2, '2'),
          delayMs: 150,
        };
      }
      return undefined;
    });
    const error = await readInventory(client, undefined, {
      signal: controller.signal,
    }).catch(e => e);
    expect(error.name).toBe('AbortError');
    expect(vim.methods().slice(-2)).toEqual([
      'CancelRetrievePropertiesEx',
      'DestroyView',
    ]);
    expect(server.views.size).toBe(0);
  });

  it('destroys the view when a page fails', async () => {
    const server = await setUp(req =>
      req.method === 'ContinueRetrievePropertiesEx'
        ? fault('SystemError', 'vpxd is busy', '<reason>busy</reason>')
        : undefined,
    );
    await expect(readInventory(client)).rejects.toThrow(
      /ContinueRetrievePropertiesEx failed with SystemError: vpxd is busy/,
    );
    expect(vim.methods().at(-1)).toBe('DestroyView');
    expect(server.views.size).toBe(0);
  });

  it('starts over once when the session is lost mid-read', async () => {
    let dropped = false;
    await setUp(req => {
      if (req.method === 'ContinueRetrievePropertiesEx' && !dropped) {
        dropped = true;
        vim.dropSessions();
        return fault('NotAuthenticated', 'The session is not authenticated.');
      }
      return undefined;
    });
    // the second pass pages with tokens the first pass did not consume
    const inventory = await readInventory(client).catch(e => e);
    expect(vim.methods().slice(2, 8)).toEqual([
      'CreateContainerView',
      'RetrievePropertiesEx',
      'ContinueRetrievePropertiesEx',
      'Login',
      'DestroyView',
      'CreateContainerView',
    ]);
    expect(inventory.stats.restarts).toBe(1);
    expect(inventory.vms).toHaveLength(1);
    expect(inventory.networks).toHaveLength(4);
  });

  it('starts over when another call renewed the session mid-read', async () => {
    let renewed = false;
    await setUp(async req => {
      if (req.method === 'ContinueRetrievePropertiesEx' && !renewed) {
        renewed = true;
        // the keepalive (or any other call) finds the session gone and logs in again...
        vim.dropSessions();
        await client.currentTime();
        // ...so the read's token belongs to a session that no longer exists
        return fault('InvalidProperty', '', '<name>token</name>');
      }
      if (req.method === 'CurrentTime') {
        return ok('CurrentTime', '<returnval>2026-11-20T08:00:00Z</returnval>');
      }
      return undefined;
    });
    const inventory = await readInventory(client);
    expect(inventory.stats.restarts).toBe(1);
    expect(inventory.vms).toHaveLength(1);
    expect(client.stats.logins).toBe(2);
  });

  it('merges an object that arrives twice into its first record, in first-arrival order', async () => {
    await setUp(req => {
      if (
        req.method !== 'RetrievePropertiesEx' ||
        req.body.includes('<type>Alarm</type>')
      ) {
        return undefined;
      }
      return {
        body: retrieveResult('RetrievePropertiesEx', [
          objectContent('VirtualMachine', 'vm-1', str('name', 'first')),
          objectContent('Network', 'net-1', str('name', 'lan')),
          objectContent(
            'DistributedVirtualPortgroup',
            'net-1',
            str('name', 'same value, another type'),
          ),
          objectContent('VirtualMachine', 'vm-2', str('name', 'second')),
          objectContent(
            'VirtualMachine',
            'vm-1',
            str('name', 'ignored'),
            num('config.hardware.numCPU', 'int', 4),
          ),
        ]),
      };
    });
    const inventory = await readInventory(client);
    expect(inventory.stats.objects).toBe(5);
    expect(inventory.vms.map(v => [v.moref.value, v.name, v.numCpu])).toEqual([
      ['vm-1', 'first', 4],
      ['vm-2', 'second', undefined],
    ]);
    expect(inventory.networks.map(n => [n.moref.type, n.name])).toEqual([
      ['Network', 'lan'],
      ['DistributedVirtualPortgroup', 'same value, another type'],
    ]);
  });

  it('drops a property path the server does not know and reads again', async () => {
    const warnings: string[] = [];
    await setUp(req =>
      req.method === 'RetrievePropertiesEx' &&
      req.body.includes('hardware.systemInfo.serialNumber')
        ? fault(
            'InvalidProperty',
            '',
            '<name>hardware.systemInfo.serialNumber</name>',
          )
        : undefined,
    );
    const inventory = await readInventory(client, undefined, {
      logger: { debug: () => {}, warn: m => warnings.push(m) },
    });
    expect(inventory.stats.restarts).toBe(1);
    expect(warnings).toEqual([
      'vCenter does not know the property path hardware.systemInfo.serialNumber; reading the inventory without it',
    ]);
    expect(vim.methods().filter(m => m === 'DestroyView')).toHaveLength(2);
    expect(inventory.hosts).toHaveLength(1);
  });

  it('builds a filter spec with one PropertySpec per type, subtypes listing only their own paths', () => {
    const [viewSpec, alarmSpec] = inventoryFilterSpecs(
      { type: 'ContainerView', value: 'v' },
      { type: 'Folder', value: 'group-d1' },
      DEFAULT_INVENTORY_SPEC,
    );
    const types = viewSpec.propSet.map(p => p.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'ComputeResource',
        'ClusterComputeResource',
        'Network',
        'DistributedVirtualPortgroup',
      ]),
    );
    const cluster = viewSpec.propSet.find(
      p => p.type === 'ClusterComputeResource',
    )!;
    const base = viewSpec.propSet.find(p => p.type === 'ComputeResource')!;
    expect(cluster.pathSet!.filter(p => base.pathSet!.includes(p))).toEqual([]);
    for (const p of viewSpec.propSet) {
      // scalar leaves only: no whole data objects like `summary` or `config`
      expect(
        p.pathSet!.filter(path =>
          ['summary', 'config', 'runtime', 'guest', 'hardware'].includes(path),
        ),
      ).toEqual([]);
    }
    expect(alarmSpec).toEqual({
      propSet: [{ type: 'Folder', pathSet: ['name', 'triggeredAlarmState'] }],
      objectSet: [{ obj: { type: 'Folder', value: 'group-d1' }, skip: false }],
    });
  });
});
