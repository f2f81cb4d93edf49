import { SaxesParser } from 'saxes';
import { bodies, envelope, moRefXml } from './envelopes';
import { escapeXml } from './xml';

/** Element names in document order, with their xsi:type and type attributes, for order checks. */
function outline(xml: string): string[] {
  const parser = new SaxesParser({ xmlns: true });
  const out: string[] = [];
  parser.on('opentag', tag => {
    const xsi = Object.values(tag.attributes).find(
      a =>
        a.local === 'type' &&
        a.uri === 'http://www.w3.org/2001/XMLSchema-instance',
    );
    const type = tag.attributes.type;
    out.push(
      tag.local +
        (xsi ? `[xsi:${xsi.value}]` : '') +
        (type && !xsi ? `[type=${type.value}]` : ''),
    );
  });
  parser.write(xml).close();
  return out;
}

const pc = { type: 'PropertyCollector', value: 'propertyCollector' };
const view = { type: 'ContainerView', value: 'session[abc]view-1' };

describe('vim25 envelopes', () => {
  it('escapes the five XML specials and keeps unicode as is', () => {
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
    expect(escapeXml('Zürich – 東京 🚀')).toBe('Zürich – 東京 🚀');
  });

  it('refuses characters XML cannot carry, without echoing the value', () => {
    expect(() => bodies.login(pc, 'user', 'sec\u0001ret')).toThrow(
      /password contains a control character/,
    );
    expect(() => bodies.login(pc, 'user', 'sec\u0001ret')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('sec') }),
    );
  });

  it('writes a well-formed SOAP 1.1 envelope around the method', () => {
    const xml = envelope(bodies.currentTime());
    expect(outline(xml)).toEqual([
      'Envelope',
      'Body',
      'CurrentTime',
      '_this[type=ServiceInstance]',
    ]);
    expect(xml).toContain('<CurrentTime xmlns="urn:vim25">');
  });

  it('escapes credentials and keeps Login elements in WSDL order', () => {
    const xml = envelope(
      bodies.login(
        { type: 'SessionManager', value: 'SessionManager' },
        'dom\\ü&<"',
        `p'&<>"`,
      ),
    );
    expect(outline(xml).slice(2)).toEqual([
      'Login',
      '_this[type=SessionManager]',
      'userName',
      'password',
    ]);
    expect(xml).toContain('<userName>dom\\ü&amp;&lt;&quot;</userName>');
    expect(xml).toContain('<password>p&apos;&amp;&lt;&gt;&quot;</password>');
  });

  it('puts type= on every moref, escaped', () => {
    expect(
      moRefXml('obj', { type: 'Datastore', value: '/tmp/a&b@folder-5' }),
    ).toBe('<obj type="Datastore">/tmp/a&amp;b@folder-5</obj>');
  });

  it('writes RetrievePropertiesEx in WSDL sequence order with typed selectSet entries', () => {
    const xml = envelope(
      bodies.retrievePropertiesEx(
        pc,
        [
          {
            propSet: [
              { type: 'VirtualMachine', pathSet: ['name', 'runtime.host'] },
              { type: 'HostSystem', all: false, pathSet: ['name'] },
            ],
            objectSet: [
              {
                obj: view,
                skip: true,
                selectSet: [
                  {
                    name: 'view',
                    type: 'ContainerView',
                    path: 'view',
                    skip: false,
                  },
                  { name: 'view' },
                ],
              },
              { obj: { type: 'Folder', value: 'group-d1' } },
            ],
            reportMissingObjectsInResults: true,
          },
        ],
        { maxObjects: 1000 },
      ),
    );
    expect(outline(xml).slice(2)).toEqual([
      'RetrievePropertiesEx',
      '_this[type=PropertyCollector]',
      'specSet',
      'propSet',
      'type',
      'pathSet',
      'pathSet',
      'propSet',
      'type',
      'all',
      'pathSet',
      'objectSet',
      'obj[type=ContainerView]',
      'skip',
      'selectSet[xsi:vim25:TraversalSpec]',
      'name',
      'type',
      'path',
      'skip',
      'selectSet[xsi:vim25:SelectionSpec]',
      'name',
      'objectSet',
      'obj[type=Folder]',
      'reportMissingObjectsInResults',
      'options',
      'maxObjects',
    ]);
    expect(xml).toContain('<obj type="ContainerView">session[abc]view-1</obj>');
  });

  it('always sends RetrieveOptions, empty when no maxObjects is given', () => {
    const xml = bodies.retrievePropertiesEx(pc, [
      { propSet: [], objectSet: [] },
    ]);
    expect(xml).toContain('<options></options>');
    expect(() =>
      bodies.retrievePropertiesEx(pc, [], { maxObjects: 1.5 }),
    ).toThrow(/integer/);
  });

  it('writes the container view, paging, collector and wait methods in order', () => {
    expect(
      outline(
        bodies.createContainerView(
          { type: 'ViewManager', value: 'ViewManager' },
          { type: 'Folder', value: 'group-d1' },
          ['VirtualMachine', 'HostSystem'],
          true,
        ),
      ),
    ).toEqual([
      'CreateContainerView',
      '_this[type=ViewManager]',
      'container[type=Folder]',
      'type',
      'type',
      'recursive',
    ]);
    expect(outline(bodies.continueRetrievePropertiesEx(pc, 't&1'))).toEqual([
      'ContinueRetrievePropertiesEx',
      '_this[type=PropertyCollector]',
      'token',
    ]);
    expect(bodies.cancelRetrievePropertiesEx(pc, 't&1')).toContain(
      '<token>t&amp;1</token>',
    );
    expect(outline(bodies.destroyView(view))).toEqual([
      'DestroyView',
      '_this[type=ContainerView]',
    ]);
    expect(
      outline(
        bodies.createFilter(
          pc,
          {
            propSet: [{ type: 'VirtualMachine', pathSet: ['name'] }],
            objectSet: [{ obj: view }],
          },
          true,
        ),
      ),
    ).toEqual([
      'CreateFilter',
      '_this[type=PropertyCollector]',
      'spec',
      'propSet',
      'type',
      'pathSet',
      'objectSet',
      'obj[type=ContainerView]',
      'partialUpdates',
    ]);
    expect(
      outline(
        bodies.waitForUpdatesEx(pc, '12', {
          maxWaitSeconds: 0,
          maxObjectUpdates: 100,
        }),
      ),
    ).toEqual([
      'WaitForUpdatesEx',
      '_this[type=PropertyCollector]',
      'version',
      'options',
      'maxWaitSeconds',
      'maxObjectUpdates',
    ]);
    expect(outline(bodies.waitForUpdatesEx(pc, undefined))).toEqual([
      'WaitForUpdatesEx',
      '_this[type=PropertyCollector]',
    ]);
    for (const body of [
      bodies.createPropertyCollector(pc),
      bodies.destroyPropertyCollector(pc),
      bodies.cancelWaitForUpdates(pc),
      bodies.destroyPropertyFilter({ type: 'PropertyFilter', value: 'f-1' }),
      bodies.logout({ type: 'SessionManager', value: 'SessionManager' }),
      bodies.retrieveServiceContent(),
    ]) {
      expect(outline(body)).toHaveLength(2);
    }
  });
});
