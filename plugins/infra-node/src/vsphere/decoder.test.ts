import { StringDecoder } from 'node:string_decoder';
import { ResponseDecoder, XmlNode } from './decoder';
import { VimProtocolError } from './errors';
import type { ObjectContent, ObjectUpdate } from './types';
import {
  decodeFaultNode,
  decodeObjectContent,
  decodeObjectUpdate,
  childMoRef,
} from './values';
import {
  bool,
  enumProp,
  mo,
  num,
  objectContent,
  prop,
  recordedVcsimPage,
  ref,
  refs,
  retrieveResult,
  str,
  vcFault,
  vcResponse,
} from './__testUtils__/vimXml';

function decodePage(
  xml: string,
  chunkSizes: (i: number) => number = () => xml.length,
) {
  const objects: ObjectContent[] = [];
  const decoder = new ResponseDecoder({
    'returnval/objects': node => objects.push(decodeObjectContent(node)),
  });
  for (let i = 0, n = 0; i < xml.length; n++) {
    const size = Math.max(1, chunkSizes(n));
    decoder.write(xml.slice(i, i + size));
    i += size;
  }
  const body = decoder.close();
  return { objects, body };
}

describe('ResponseDecoder on a page recorded from vcsim 0.24.2', () => {
  const xml = recordedVcsimPage();

  it('decodes values typed as XMLSchema-instance:type, by their type', () => {
    const { objects } = decodePage(xml);
    expect(objects.map(o => o.obj.type)).toEqual([
      'Folder',
      'VirtualMachine',
      'HostSystem',
      'ClusterComputeResource',
      'Datastore',
      'DistributedVirtualPortgroup',
      'DistributedVirtualPortgroup',
    ]);
    const vm = objects[1];
    expect(vm.obj).toEqual({ type: 'VirtualMachine', value: 'vm-53' });
    expect(vm.props).toMatchObject({
      name: 'DC0_H0_VM0',
      'config.hardware.numCPU': 1,
      'config.hardware.memoryMB': 32,
      'config.template': false,
      'runtime.powerState': 'poweredOn',
      'runtime.host': { type: 'HostSystem', value: 'host-23' },
      'summary.storage.committed': 0,
      network: [
        { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-13' },
      ],
      datastore: [
        {
          type: 'Datastore',
          value: expect.stringMatching(
            /^\/tmp\/govcsim-DC0-LocalDS_0-.*@folder-5$/,
          ),
        },
      ],
      customValue: [],
    });
    expect(vm.types['config.hardware.numCPU']).toBe('xsd:int');
    expect(vm.types['runtime.powerState']).toBe('VirtualMachinePowerState');
  });

  it('reports missingSet entries per object', () => {
    const { objects } = decodePage(xml);
    expect(objects[1].missing).toEqual([
      {
        path: 'bogus.path',
        faultType: 'InvalidProperty',
        fault: { name: 'bogus.path' },
      },
    ]);
    expect(objects[0].missing).toEqual([]);
  });

  it('decodes arrays of complex types into plain objects, nested fields untyped', () => {
    const { objects } = decodePage(xml);
    const host = objects[2];
    expect(host.props['summary.hardware.numCpuCores']).toBe(2);
    expect(host.props['summary.hardware.memorySize']).toBe(4294430720);
    const info = host.props[
      'hardware.systemInfo.otherIdentifyingInfo'
    ] as any[];
    expect(info).toHaveLength(4);
    expect(info[0]).toEqual({
      identifierValue: ' No Asset Tag',
      identifierType: {
        label: 'Asset Tag',
        summary: 'Asset tag of the system',
        key: 'AssetTag',
      },
    });
    const ds = objects[4];
    expect(ds.props.host).toEqual([
      {
        key: { type: 'HostSystem', value: expect.any(String) },
        mountInfo: {
          accessMode: 'readWrite',
          mounted: 'true',
          accessible: 'true',
        },
      },
    ]);
    expect(ds.props['summary.capacity']).toBe(270553174016);
    expect(ds.props['summary.accessible']).toBe(true);
    expect(objects[0].props.triggeredAlarmState).toEqual([]);
  });

  it('keeps the type of a complex value and reads its nested fields as strings', () => {
    const { objects } = decodePage(xml);
    const uplinks = objects[5];
    expect(uplinks.types['config.defaultPortConfig']).toBe(
      'VMwareDVSPortSetting',
    );
    const setting = uplinks.props['config.defaultPortConfig'] as any;
    expect(setting.vlan).toEqual({
      inherited: 'false',
      vlanId: { start: '0', end: '4094' },
    });
  });

  it('gives the same objects however the body is cut into pieces', () => {
    const whole = decodePage(xml).objects;
    expect(decodePage(xml, () => 1).objects).toEqual(whole);
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return 1 + (seed % 97);
    };
    expect(decodePage(xml, random).objects).toEqual(whole);
  });

  it('hands out each object as soon as it is complete and keeps none of them', () => {
    const seen: string[] = [];
    const decoder = new ResponseDecoder({
      'returnval/objects': node =>
        seen.push(decodeObjectContent(node).obj.value),
    });
    const firstEnd = xml.indexOf('</objects>') + '</objects>'.length;
    decoder.write(xml.slice(0, firstEnd));
    expect(seen).toEqual(['folder-3']);
    decoder.write(xml.slice(firstEnd));
    const body = decoder.close();
    expect(seen).toHaveLength(7);
    expect(body.kind).toBe('response');
    const returnval =
      body.kind === 'response' ? body.response.children?.[0] : undefined;
    expect(returnval?.name).toBe('returnval');
    expect(returnval?.children ?? []).toEqual([]);
  });
});

describe('ResponseDecoder on vCenter-style bodies', () => {
  it('reads xsi:type under any prefix bound to XMLSchema-instance, and a token', () => {
    const xml = retrieveResult(
      'RetrievePropertiesEx',
      [
        objectContent(
          'VirtualMachine',
          'vm-1001',
          str('name', 'web & <db> "01" – Zürich'),
          num('summary.storage.committed', 'long', 9007199254740),
          num('summary.hardware.numCpuCores', 'short', 16),
          bool('config.template', true),
          enumProp('guest.toolsStatus', 'VirtualMachineToolsStatus', 'toolsOk'),
          prop('bootTime', 'xsd:dateTime', '2026-11-20T07:59:01.123Z'),
          prop(
            'config.extraKeys',
            'ArrayOfString',
            '<string>a</string><string>b&amp;c</string>',
          ),
          prop('config.ports', 'ArrayOfInt', '<int>22</int><int>443</int>'),
          prop(
            'customValue',
            'ArrayOfCustomFieldValue',
            '<CustomFieldValue xsi:type="CustomFieldStringValue"><key>101</key><value>team-a</value></CustomFieldValue>',
          ),
          ref('runtime.host', 'HostSystem', 'host-12'),
          refs('network', [
            ['Network', 'network-7'],
            ['DistributedVirtualPortgroup', 'dvportgroup-30'],
          ]),
          // a prefix other than xsi, and a type prefix other than xsd, both resolved by namespace
          '<propSet><name>config.hardware.numCPU</name><val xmlns:i="http://www.w3.org/2001/XMLSchema-instance" ' +
            'xmlns:s="http://www.w3.org/2001/XMLSchema" i:type="s:int">4</val></propSet>',
          `<missingSet><path>guest.ipAddress</path><fault><fault xsi:type="NoPermission">${mo(
            'object',
            'VirtualMachine',
            'vm-1001',
          )}<privilegeId>System.Read</privilegeId></fault><localizedMessage>Permission to perform this operation was denied.</localizedMessage></fault></missingSet>`,
        ),
      ],
      '0',
    );
    const { objects, body } = decodePage(xml);
    expect(objects).toHaveLength(1);
    const vm = objects[0];
    expect(vm.props).toEqual({
      name: 'web & <db> "01" – Zürich',
      'summary.storage.committed': 9007199254740,
      'summary.hardware.numCpuCores': 16,
      'config.template': true,
      'guest.toolsStatus': 'toolsOk',
      bootTime: new Date('2026-11-20T07:59:01.123Z'),
      'config.extraKeys': ['a', 'b&c'],
      'config.ports': [22, 443],
      customValue: [{ key: '101', value: 'team-a' }],
      'runtime.host': { type: 'HostSystem', value: 'host-12' },
      network: [
        { type: 'Network', value: 'network-7' },
        { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-30' },
      ],
      'config.hardware.numCPU': 4,
    });
    expect(vm.types['config.hardware.numCPU']).toBe('xsd:int');
    expect(vm.missing).toEqual([
      {
        path: 'guest.ipAddress',
        faultType: 'NoPermission',
        fault: {
          object: { type: 'VirtualMachine', value: 'vm-1001' },
          privilegeId: 'System.Read',
        },
        localizedMessage: 'Permission to perform this operation was denied.',
      },
    ]);
    expect(body.kind === 'response' && body.response.name).toBe(
      'RetrievePropertiesExResponse',
    );
    const returnval =
      body.kind === 'response' ? body.response.children![0] : undefined;
    expect(returnval?.children?.map(c => [c.name, c.text])).toEqual([
      ['token', '0'],
    ]);
  });

  it('decodes the three VLAN spec kinds by their top-level type', () => {
    const xml = retrieveResult('RetrievePropertiesEx', [
      objectContent(
        'DistributedVirtualPortgroup',
        'dvportgroup-1',
        prop(
          'config.defaultPortConfig.vlan',
          'VmwareDistributedVirtualSwitchVlanIdSpec',
          '<inherited>false</inherited><vlanId>120</vlanId>',
        ),
      ),
      objectContent(
        'DistributedVirtualPortgroup',
        'dvportgroup-2',
        prop(
          'config.defaultPortConfig.vlan',
          'VmwareDistributedVirtualSwitchTrunkVlanSpec',
          '<inherited>false</inherited><vlanId><start>100</start><end>199</end></vlanId><vlanId><start>300</start><end>300</end></vlanId>',
        ),
      ),
      objectContent(
        'DistributedVirtualPortgroup',
        'dvportgroup-3',
        prop(
          'config.defaultPortConfig.vlan',
          'VmwareDistributedVirtualSwitchPvlanSpec',
          '<inherited>false</inherited><pvlanId>501</pvlanId>',
        ),
      ),
    ]);
    const { objects } = decodePage(xml);
    expect(objects.map(o => o.props['config.defaultPortConfig.vlan'])).toEqual([
      { inherited: 'false', vlanId: '120' },
      {
        inherited: 'false',
        vlanId: [
          { start: '100', end: '199' },
          { start: '300', end: '300' },
        ],
      },
      { inherited: 'false', pvlanId: '501' },
    ]);
  });

  it('decodes a fault with its detail', () => {
    const decoder = new ResponseDecoder();
    decoder.write(
      vcFault(
        'NotAuthenticated',
        'The session is not authenticated.',
        `${mo(
          'object',
          'Folder',
          'group-d1',
        )}<privilegeId>System.View</privilegeId>`,
      ),
    );
    const body = decoder.close();
    expect(body.kind).toBe('fault');
    if (body.kind !== 'fault') return;
    const detail = body.fault.children!.find(c => c.name === 'detail')!
      .children![0];
    expect(decodeFaultNode(detail)).toEqual({
      faultType: 'NotAuthenticated',
      detail: {
        object: { type: 'Folder', value: 'group-d1' },
        privilegeId: 'System.View',
      },
    });
  });

  it('streams the elements at the paths asked for only, however often their names recur', () => {
    const streamed: string[] = [];
    const decoder = new ResponseDecoder({
      'returnval/objects': node => streamed.push(`objects ${node.text}`),
      'a/b/c': node => streamed.push(`c ${node.text}`),
    });
    decoder.write(
      vcResponse(
        'R',
        '<returnval><objects>1</objects><objects>2</objects></returnval>' +
          '<other><objects>kept</objects></other>' +
          '<returnval><objects>3</objects></returnval>' +
          '<a><b><c>4</c></b><x><c>kept</c></x><b><c>5</c><c>6</c></b></a>' +
          '<x><b><c>kept</c></b></x><objects>kept</objects>',
      ),
    );
    const body = decoder.close();
    expect(streamed).toEqual([
      'objects 1',
      'objects 2',
      'objects 3',
      'c 4',
      'c 5',
      'c 6',
    ]);
    const kept: string[] = [];
    const walk = (node: XmlNode) => {
      if (node.text === 'kept') kept.push(node.name);
      node.children?.forEach(walk);
    };
    if (body.kind === 'response') walk(body.response);
    expect(kept).toEqual(['objects', 'c', 'c', 'objects']);
  });

  it('streams WaitForUpdatesEx object updates with their filter', () => {
    const updates: ObjectUpdate[] = [];
    const decoder = new ResponseDecoder({
      'returnval/filterSet/objectSet': (node, filterSet) =>
        updates.push(
          decodeObjectUpdate(node, childMoRef(filterSet, 'filter')!),
        ),
    });
    decoder.write(
      vcResponse(
        'WaitForUpdatesEx',
        [
          '<returnval><version>1_2</version><filterSet>',
          mo('filter', 'PropertyFilter', 'session[52]f-1'),
          '<objectSet><kind>modify</kind>',
          mo('obj', 'VirtualMachine', 'vm-1'),
          '<changeSet><name>runtime.powerState</name><op>assign</op><val xsi:type="VirtualMachinePowerState">poweredOff</val></changeSet>',
          '<changeSet><name>guest.ipAddress</name><op>assign</op></changeSet>',
          '</objectSet><objectSet><kind>leave</kind>',
          mo('obj', 'VirtualMachine', 'vm-2'),
          '</objectSet></filterSet><truncated>true</truncated></returnval>',
        ].join(''),
      ),
    );
    const body = decoder.close();
    expect(updates).toEqual([
      {
        filter: { type: 'PropertyFilter', value: 'session[52]f-1' },
        kind: 'modify',
        obj: { type: 'VirtualMachine', value: 'vm-1' },
        changes: [
          {
            name: 'runtime.powerState',
            op: 'assign',
            val: 'poweredOff',
            type: 'VirtualMachinePowerState',
          },
          { name: 'guest.ipAddress', op: 'assign' },
        ],
        missing: [],
      },
      {
        filter: { type: 'PropertyFilter', value: 'session[52]f-1' },
        kind: 'leave',
        obj: { type: 'VirtualMachine', value: 'vm-2' },
        changes: [],
        missing: [],
      },
    ]);
    expect(
      body.kind === 'response' &&
        body.response.children![0].children!.map(c => c.name),
    ).toEqual(['version', 'filterSet', 'truncated']);
  });

  it('fails clearly on malformed XML and on bodies that are not SOAP', () => {
    const broken = new ResponseDecoder();
    expect(() => {
      broken.write(
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><a></b>',
      );
      broken.close();
    }).toThrow(VimProtocolError);
    const html = new ResponseDecoder();
    expect(() => html.write('<html><body>503</body></html>')).toThrow(
      /root element is <html>, not a SOAP Envelope/,
    );
    const empty = new ResponseDecoder();
    expect(() => empty.close()).toThrow(VimProtocolError);
  });

  it('ends the read when a stream handler throws', () => {
    const decoder = new ResponseDecoder({
      'returnval/objects': () => {
        throw new Error('consumer failed');
      },
    });
    expect(() =>
      decoder.write(
        retrieveResult('RetrievePropertiesEx', [
          objectContent('Folder', 'group-d1', str('name', 'x')),
        ]),
      ),
    ).toThrow(/consumer failed/);
  });
});

describe('ResponseDecoder wherever the bytes are cut', () => {
  const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
  // vcsim's way (a declaration on every value) and vCenter's (xsi bound once), escaped text,
  // multi-byte characters, a moref, an array, sibling names that are prefixes of each other
  const xml = retrieveResult('RetrievePropertiesEx', [
    objectContent(
      'VirtualMachine',
      'vm-7',
      `<propSet><name>name</name><val xmlns:XMLSchema-instance="${XSI}" XMLSchema-instance:type="xsd:string">a &amp; b &lt;c&gt; &#x1F600; caf\u00e9 \u4e2d\u6587 \u{1F680}</val></propSet>`,
      `<propSet><name>config.hardware.numCPU</name><val xmlns:XMLSchema-instance="${XSI}" XMLSchema-instance:type="xsd:int">8</val></propSet>`,
      `<propSet><name>runtime.host</name><val xmlns:XMLSchema-instance="${XSI}" XMLSchema-instance:type="ManagedObjectReference" type="HostSystem">host-&#49;2</val></propSet>`,
      str('guest.ipAddress', '10.0.0.7'),
      bool('config.template', false),
      refs('network', [
        ['Network', 'network-1'],
        ['DistributedVirtualPortgroup', 'dvportgroup-\u00e9'],
      ]),
      prop(
        'config.extraConfig',
        'ArrayOfOptionValue',
        '<OptionValue><key>a</key><keyName>x</keyName><value xsi:type="xsd:string">1</value></OptionValue>' +
          '<OptionValue><key>ab</key><value xsi:type="xsd:string">&quot;2&apos;</value></OptionValue>',
      ),
    ),
    objectContent('Folder', 'group-d1', str('name', 'Datacenters')),
  ]);
  const bytes = Buffer.from(xml, 'utf8');

  /** Decodes `pieces` of bytes the way the transport does (StringDecoder, then the decoder). */
  function decodeBytes(pieces: Buffer[]) {
    const objects: ObjectContent[] = [];
    const text = new StringDecoder('utf8');
    const decoder = new ResponseDecoder({
      'returnval/objects': node => objects.push(decodeObjectContent(node)),
    });
    for (const piece of pieces) decoder.write(text.write(piece));
    const rest = text.end();
    if (rest) decoder.write(rest);
    decoder.close();
    return objects;
  }

  const whole = decodeBytes([bytes]);

  it('decodes the values of the whole body', () => {
    expect(whole.map(o => o.obj.value)).toEqual(['vm-7', 'group-d1']);
    expect(whole[0].props).toEqual({
      name: 'a & b <c> \u{1F600} caf\u00e9 \u4e2d\u6587 \u{1F680}',
      'config.hardware.numCPU': 8,
      'runtime.host': { type: 'HostSystem', value: 'host-12' },
      'guest.ipAddress': '10.0.0.7',
      'config.template': false,
      network: [
        { type: 'Network', value: 'network-1' },
        { type: 'DistributedVirtualPortgroup', value: 'dvportgroup-\u00e9' },
      ],
      'config.extraConfig': [
        { key: 'a', keyName: 'x', value: '1' },
        { key: 'ab', value: '"2\'' },
      ],
    });
    expect(whole[0].types['config.hardware.numCPU']).toBe('xsd:int');
  });

  it('gives the same objects when the body is cut in two at every byte', () => {
    const expected = JSON.stringify(whole);
    // the offsets where the two pieces decode differently from the whole body
    const broken: number[] = [];
    for (let at = 1; at < bytes.length; at++) {
      const objects = decodeBytes([bytes.subarray(0, at), bytes.subarray(at)]);
      if (JSON.stringify(objects) !== expected) broken.push(at);
    }
    expect(bytes.length).toBeGreaterThan(1000);
    expect(broken).toEqual([]);
  });

  it('gives the same objects when the body arrives a byte at a time', () => {
    const pieces: Buffer[] = [];
    for (let at = 0; at < bytes.length; at++) {
      pieces.push(bytes.subarray(at, at + 1));
    }
    expect(decodeBytes(pieces)).toEqual(whole);
  });
});

describe('ResponseDecoder on attributes and names it has seen before', () => {
  const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
  const value = (attrs: string, text: string) =>
    `<propSet><name>p</name><val ${attrs}>${text}</val></propSet>`;

  function props(...values: string[]) {
    const objects: ObjectContent[] = [];
    const decoder = new ResponseDecoder({
      'returnval/objects': node => objects.push(decodeObjectContent(node)),
    });
    decoder.write(
      retrieveResult(
        'RetrievePropertiesEx',
        values.map((v, i) => objectContent('Folder', `f-${i}`, v)),
      ),
    );
    decoder.close();
    return objects.map(o => [o.props.p, o.types.p]);
  }

  /** The children of `<returnval>` in a response body holding `returnval`, as [name, text]. */
  function returnvalChildren(returnval: string) {
    const decoder = new ResponseDecoder();
    decoder.write(vcResponse('R', returnval));
    const body = decoder.close();
    const node =
      body.kind === 'response' ? body.response.children![0] : undefined;
    return node?.children?.map(c => [c.name, c.text]);
  }

  it('reads a type only where its prefix is bound to XMLSchema-instance', () => {
    expect(
      props(
        value(`xmlns:q="${XSI}" q:type="xsd:int"`, '1'),
        // the same prefix bound elsewhere: not a type, though the attribute text is the same
        value('xmlns:q="urn:other" q:type="xsd:int"', '2'),
        value(`xmlns:q="${XSI}" q:type="xsd:int"`, '3'),
        // the envelope's xsi, then a prefix of the value's own under single quotes
        value("xsi:type='xsd:long'", '4'),
        value(`xmlns:t='${XSI}' t:type='xsd:boolean'`, 'true'),
        // no binding of `u` at all
        value('u:type="xsd:int"', '5'),
      ),
    ).toEqual([
      [1, 'xsd:int'],
      ['2', undefined],
      [3, 'xsd:int'],
      [4, 'xsd:long'],
      [true, 'xsd:boolean'],
      ['5', undefined],
    ]);
  });

  it('resolves the prefix of a type value by its namespace', () => {
    expect(
      props(
        value(
          `xmlns:i="${XSI}" xmlns:s="http://www.w3.org/2001/XMLSchema" i:type="s:short"`,
          '6',
        ),
        // `xsd` bound to something else on this value: a vim25 type named `int`, kept as text
        value('xmlns:xsd="urn:not-schema" xsi:type="xsd:int"', '7'),
        value('xsi:type="xsd:int"', '8'),
      ),
    ).toEqual([
      [6, 'xsd:short'],
      ['7', 'int'],
      [8, 'xsd:int'],
    ]);
  });

  it('reads a start tag it has seen before in the scope where it appears', () => {
    const inScope = (decl: string, attrs: string, text: string) =>
      `<propSet ${decl}><name>p</name><val ${attrs}>${text}</val></propSet>`;
    expect(
      props(
        // the very same `<val q:type="xsd:int">` under three bindings of q
        inScope(`xmlns:q="${XSI}"`, 'q:type="xsd:int"', '1'),
        inScope('xmlns:q="urn:other"', 'q:type="xsd:int"', '2'),
        inScope(`xmlns:q="${XSI}"`, 'q:type="xsd:int"', '3'),
        // and `xsd` rebound around the same tag
        inScope('xmlns:xsd="urn:not-schema"', 'xsi:type="xsd:int"', '4'),
        value('xsi:type="xsd:int"', '5'),
        // a declaration of the tag's own ends with it
        value(`xmlns:q="${XSI}" q:type="xsd:int"`, '6'),
        value('q:type="xsd:int"', '7'),
        value(`xmlns:q="${XSI}" q:type="xsd:int"`, '8'),
      ),
    ).toEqual([
      [1, 'xsd:int'],
      ['2', undefined],
      [3, 'xsd:int'],
      ['4', 'int'],
      [5, 'xsd:int'],
      [6, 'xsd:int'],
      ['7', undefined],
      [8, 'xsd:int'],
    ]);
  });

  it('closes an empty element it has seen before, and keeps refusing what it refused', () => {
    expect(
      returnvalChildren(
        '<returnval><a x="1"/><a x="1"/><a x="1">t</a><a x="2"/></returnval>',
      ),
    ).toEqual([
      ['a', ''],
      ['a', ''],
      ['a', 't'],
      ['a', ''],
    ]);
    const again = new ResponseDecoder();
    expect(() => {
      again.write(
        vcResponse('R', '<returnval><a x="1"/><a x="1" x<="2"/></returnval>'),
      );
      again.close();
    }).toThrow(/not well-formed/);
  });

  it('tells apart sibling names that start alike', () => {
    expect(
      returnvalChildren(
        '<returnval><a>1</a><ab>2</ab><a>3</a><abc x="1"/><a/><ab>4</ab></returnval>',
      ),
    ).toEqual([
      ['a', '1'],
      ['ab', '2'],
      ['a', '3'],
      ['abc', ''],
      ['a', ''],
      ['ab', '4'],
    ]);
  });

  it('still refuses a mismatched end tag after a name it has seen', () => {
    const decoder = new ResponseDecoder();
    expect(() => {
      decoder.write(
        vcResponse('R', '<returnval><a>1</a><a>2</ab></returnval>'),
      );
      decoder.close();
    }).toThrow(/does not match <a>/);
  });
});

describe('ResponseDecoder on the properties of object after object', () => {
  const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
  // vcsim's form: a declaration on every value
  const val = (name: string, type: string, text: string, attrs = '') =>
    `<propSet><name>${name}</name><val xmlns:XMLSchema-instance="${XSI}" XMLSchema-instance:type="${type}"${attrs}>${text}</val></propSet>`;
  const vm = (i: number, ...more: string[]) =>
    objectContent(
      'VirtualMachine',
      `vm-${i}`,
      val('name', 'xsd:string', `vm &amp; ${i}`),
      val('parent', 'ManagedObjectReference', 'group-v3', ' type="Folder"'),
      val('config.hardware.numCPU', 'xsd:int', String(i)),
      val('config.template', 'xsd:boolean', 'false'),
      ...more,
    );
  // the same names in the same order, with what may change from one object to the next
  const xml = retrieveResult('RetrievePropertiesEx', [
    vm(
      1,
      val(
        'runtime.host',
        'ManagedObjectReference',
        'host-1',
        ' type="HostSystem"',
      ),
    ),
    vm(
      2,
      val(
        'runtime.host',
        'ManagedObjectReference',
        'host-2',
        ' type="HostSystem"',
      ),
    ),
    // a value of another type under a name seen before, an empty one, one with elements inside
    objectContent(
      'VirtualMachine',
      'vm-3',
      val('name', 'xsd:string', ''),
      val(
        'parent',
        'ManagedObjectReference',
        'resgroup-9',
        ' type="ResourcePool"',
      ),
      val('config.hardware.numCPU', 'xsd:string', 'many'),
      `<propSet><name>config.template</name><val xmlns:XMLSchema-instance="${XSI}" XMLSchema-instance:type="xsd:boolean"/></propSet>`,
      refs('runtime.host', [['HostSystem', 'host-3']]),
    ),
    // names written with references, and whitespace around the parts of a propSet
    vm(
      4,
      val('a&amp;b', 'xsd:string', 'x'),
      `<propSet> <name>runtime.host</name> <val xsi:type="ManagedObjectReference" type="HostSystem">host-4</val> </propSet>`,
    ),
    // a value whose prefix is bound to another namespace, a missing property
    vm(
      5,
      `<propSet><name>runtime.host</name><val xmlns:XMLSchema-instance="urn:other" XMLSchema-instance:type="ManagedObjectReference" type="HostSystem">host-5</val></propSet>`,
      '<missingSet><path>guest.ipAddress</path><fault><fault xsi:type="NoPermission"></fault></fault></missingSet>',
    ),
    vm(6, val('a&amp;b', 'xsd:string', 'y')),
  ]);

  const whole = decodePage(xml).objects;

  it('decodes each value by its own start tag, whatever the one before it was', () => {
    expect(whole.map(o => o.props)).toEqual([
      {
        name: 'vm & 1',
        parent: { type: 'Folder', value: 'group-v3' },
        'config.hardware.numCPU': 1,
        'config.template': false,
        'runtime.host': { type: 'HostSystem', value: 'host-1' },
      },
      {
        name: 'vm & 2',
        parent: { type: 'Folder', value: 'group-v3' },
        'config.hardware.numCPU': 2,
        'config.template': false,
        'runtime.host': { type: 'HostSystem', value: 'host-2' },
      },
      {
        name: '',
        parent: { type: 'ResourcePool', value: 'resgroup-9' },
        'config.hardware.numCPU': 'many',
        'config.template': false,
        'runtime.host': [{ type: 'HostSystem', value: 'host-3' }],
      },
      {
        name: 'vm & 4',
        parent: { type: 'Folder', value: 'group-v3' },
        'config.hardware.numCPU': 4,
        'config.template': false,
        'a&b': 'x',
        'runtime.host': { type: 'HostSystem', value: 'host-4' },
      },
      {
        name: 'vm & 5',
        parent: { type: 'Folder', value: 'group-v3' },
        'config.hardware.numCPU': 5,
        'config.template': false,
        'runtime.host': { type: 'HostSystem', value: 'host-5' },
      },
      {
        name: 'vm & 6',
        parent: { type: 'Folder', value: 'group-v3' },
        'config.hardware.numCPU': 6,
        'config.template': false,
        'a&b': 'y',
      },
    ]);
    expect(whole.map(o => o.types['config.hardware.numCPU'])).toEqual([
      'xsd:int',
      'xsd:int',
      'xsd:string',
      'xsd:int',
      'xsd:int',
      'xsd:int',
    ]);
    expect(whole[4].types['runtime.host']).toBeUndefined();
    expect(whole[4].missing).toEqual([
      { path: 'guest.ipAddress', faultType: 'NoPermission', fault: {} },
    ]);
  });

  it('gives the same objects when the body is cut in two anywhere, or in small pieces', () => {
    const expected = JSON.stringify(whole);
    const broken: number[] = [];
    for (let at = 1; at < xml.length; at++) {
      const cuts = [at, xml.length];
      const { objects } = decodePage(xml, n => cuts[n] - (cuts[n - 1] ?? 0));
      if (JSON.stringify(objects) !== expected) broken.push(at);
    }
    expect(broken).toEqual([]);
    for (const size of [1, 7, 16, 31, 64, 130]) {
      expect(JSON.stringify(decodePage(xml, () => size).objects)).toBe(
        expected,
      );
    }
  });

  it('reads a value written as the one before it, or written otherwise, as what it says', () => {
    const texts = [
      'x',
      'x',
      '&#120;',
      'x',
      'a&amp;b',
      'a&amp;b',
      'a\r\nb',
      'a\nb',
      'a\rb',
      'a\nb',
      '',
      'x',
    ];
    const page = retrieveResult(
      'RetrievePropertiesEx',
      texts.map((text, i) =>
        objectContent('Folder', `f-${i}`, val('name', 'xsd:string', text)),
      ),
    );
    const expected = [
      'x',
      'x',
      'x',
      'x',
      'a&b',
      'a&b',
      'a\nb',
      'a\nb',
      'a\nb',
      'a\nb',
      '',
      'x',
    ];
    expect(decodePage(page).objects.map(o => o.props.name)).toEqual(expected);
    for (const size of [1, 5, 64]) {
      expect(
        decodePage(page, () => size).objects.map(o => o.props.name),
      ).toEqual(expected);
    }
  });

  it('refuses a name or a value that is not well-formed, as the long way does', () => {
    for (const bad of [
      val('a&b', 'xsd:string', 'x'),
      val('name', 'xsd:string', 'a & b'),
      '<propSet><name>name</name><val xsi:type="xsd:string">x</vals></propSet>',
    ]) {
      expect(() =>
        decodePage(retrieveResult('RetrievePropertiesEx', [vm(1), vm(2, bad)])),
      ).toThrow(VimProtocolError);
    }
  });

  it('reads arrays of morefs, and any other value with elements inside, as the long way does', () => {
    const mor = (type: string, value: string, attrs = '') =>
      `<ManagedObjectReference type="${type}"${attrs}>${value}</ManagedObjectReference>`;
    const array = (name: string, ...items: string[]) =>
      val(name, 'ArrayOfManagedObjectReference', items.join(''));
    const page = retrieveResult('RetrievePropertiesEx', [
      objectContent(
        'VirtualMachine',
        'vm-1',
        array('network', mor('Network', 'network-1')),
      ),
      objectContent(
        'VirtualMachine',
        'vm-2',
        array(
          'network',
          mor('Network', 'network-1'),
          mor('Network', 'network-&#50;'),
        ),
        // an item with a type of its own, one never seen, no items at all
        array(
          'datastore',
          mor('Datastore', 'ds-1', ` xmlns:q="${XSI}" q:type="Datastore"`),
        ),
        array('host', mor('Network', 'network-1'), mor('HostSystem', 'host-1')),
        array('resourcePool'),
      ),
      objectContent(
        'VirtualMachine',
        'vm-3',
        array(
          'network',
          mor('Network', 'network-1'),
          mor('Network', 'network-3'),
        ),
        // text between items, an empty item, items with elements inside
        array(
          'datastore',
          mor('Datastore', 'ds-1'),
          ' ',
          mor('Datastore', 'ds-2'),
        ),
        array(
          'host',
          mor('Network', 'network-1'),
          '<ManagedObjectReference type="Network"/>',
        ),
        val(
          'customValue',
          'ArrayOfCustomFieldValue',
          '<CustomFieldValue xsi:type="CustomFieldStringValue"><key>1</key><value>a</value></CustomFieldValue>',
        ),
      ),
    ]);
    const { objects } = decodePage(page);
    expect(objects.map(o => o.props)).toEqual([
      { network: [{ type: 'Network', value: 'network-1' }] },
      {
        network: [
          { type: 'Network', value: 'network-1' },
          { type: 'Network', value: 'network-2' },
        ],
        datastore: [{ type: 'Datastore', value: 'ds-1' }],
        host: [
          { type: 'Network', value: 'network-1' },
          { type: 'HostSystem', value: 'host-1' },
        ],
        resourcePool: [],
      },
      {
        network: [
          { type: 'Network', value: 'network-1' },
          { type: 'Network', value: 'network-3' },
        ],
        datastore: [
          { type: 'Datastore', value: 'ds-1' },
          { type: 'Datastore', value: 'ds-2' },
        ],
        host: [
          { type: 'Network', value: 'network-1' },
          { type: 'Network', value: '' },
        ],
        customValue: [{ key: '1', value: 'a' }],
      },
    ]);
    const expected = JSON.stringify(objects);
    const broken: number[] = [];
    for (let at = 1; at < page.length; at++) {
      const cuts = [at, page.length];
      const cut = decodePage(page, n => cuts[n] - (cuts[n - 1] ?? 0));
      if (JSON.stringify(cut.objects) !== expected) broken.push(at);
    }
    expect(broken).toEqual([]);
  });
});
