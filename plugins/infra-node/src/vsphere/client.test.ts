import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VimClient, VimLogger } from './client';
import {
  InvalidCollectorVersionFault,
  InvalidLoginFault,
  InvalidPropertyFault,
  ManagedObjectNotFoundFault,
  NotAuthenticatedFault,
  RequestCanceledFault,
  VimConnectionError,
  VimFault,
  VimProtocolError,
  VimTimeoutError,
} from './errors';
import {
  fault,
  ok,
  ScriptedVim,
  startScriptedVim,
} from './__testUtils__/scriptedVim';
import {
  objectContent,
  retrieveResult,
  str,
  VC_SERVICE_CONTENT,
} from './__testUtils__/vimXml';

const PASSWORD = 'p&ss<w0rd>"';

function capturingLogger() {
  const lines: string[] = [];
  const logger: VimLogger = {
    debug: (m, meta) => lines.push(`debug ${m} ${JSON.stringify(meta ?? {})}`),
    warn: (m, meta) => lines.push(`warn ${m} ${JSON.stringify(meta ?? {})}`),
  };
  return { logger, lines };
}

describe('VimClient against a scripted vCenter', () => {
  let vim: ScriptedVim;
  const logs = capturingLogger();
  const open: VimClient[] = [];

  const connect = async (
    options: Partial<ConstructorParameters<typeof VimClient>[0]> = {},
  ) => {
    const client = await VimClient.connect({
      url: vim.url,
      username: 'svc-inventory@vsphere.local',
      password: PASSWORD,
      logger: logs.logger,
      ...options,
    });
    open.push(client);
    return client;
  };

  const start = async (handler?: Parameters<typeof startScriptedVim>[0]) => {
    vim = await startScriptedVim(handler, {
      password: PASSWORD.replace(
        /[&<>"]/g,
        c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]!),
      ),
    });
  };

  afterEach(async () => {
    await Promise.all(open.splice(0).map(c => c.close()));
    await vim?.close();
  });

  it('reads the service content, logs in, keeps the cookie and speaks the server API version', async () => {
    await start(req =>
      req.method === 'CurrentTime'
        ? ok('CurrentTime', '<returnval>2026-11-20T08:00:01.5Z</returnval>')
        : undefined,
    );
    const client = await connect();
    expect(client.serviceContent.about.apiVersion).toBe('8.0.2.0');
    expect(client.serviceContent.rootFolder).toEqual({
      type: 'Folder',
      value: 'group-d1',
    });
    expect(client.session?.userName).toBe('svc-inventory@vsphere.local');

    await expect(client.currentTime()).resolves.toEqual(
      new Date('2026-11-20T08:00:01.5Z'),
    );
    expect(vim.methods()).toEqual([
      'RetrieveServiceContent',
      'Login',
      'CurrentTime',
    ]);
    expect(vim.requests.map(r => r.soapAction)).toEqual([
      'urn:vim25/6.5',
      'urn:vim25/8.0.2.0',
      'urn:vim25/8.0.2.0',
    ]);
    expect(vim.requests[0].cookie).toBeUndefined();
    expect(vim.requests[2].session).toBe(client.session?.key);
    expect(client.stats).toMatchObject({ soapCalls: 3, faults: 0, logins: 1 });
    expect(client.stats.bytes).toBeGreaterThan(
      Buffer.byteLength(VC_SERVICE_CONTENT),
    );

    await client.close();
    expect(vim.methods().at(-1)).toBe('Logout');
    expect(vim.sessions()).toEqual([]);
    await client.close();
    expect(vim.methods().filter(m => m === 'Logout')).toHaveLength(1);
  });

  it('reports a refused login as InvalidLogin without the password', async () => {
    await start();
    const error = await connect({ password: 'wrong-secret' }).catch(e => e);
    expect(error).toBeInstanceOf(InvalidLoginFault);
    expect(error.message).toMatch(
      /Login failed with InvalidLogin: Cannot complete login/,
    );
    expect(error.message).not.toContain('wrong-secret');
    expect(JSON.stringify(error)).not.toContain('wrong-secret');
  });

  it('logs in again when the session is gone and retries the call once', async () => {
    await start(req =>
      req.method === 'CurrentTime'
        ? ok('CurrentTime', '<returnval>2026-11-20T08:00:00Z</returnval>')
        : undefined,
    );
    const client = await connect();
    vim.dropSessions();
    await expect(client.currentTime()).resolves.toBeInstanceOf(Date);
    expect(vim.methods()).toEqual([
      'RetrieveServiceContent',
      'Login',
      'CurrentTime',
      'Login',
      'CurrentTime',
    ]);
    expect(client.stats.logins).toBe(2);
    expect(client.stats.faults).toBe(1);
  });

  it('logs in only once for calls that find the session gone together', async () => {
    await start(req =>
      req.method === 'CurrentTime'
        ? ok('CurrentTime', '<returnval>2026-11-20T08:00:00Z</returnval>')
        : undefined,
    );
    const client = await connect();
    vim.dropSessions();
    await Promise.all([
      client.currentTime(),
      client.currentTime(),
      client.currentTime(),
    ]);
    expect(vim.methods().filter(m => m === 'Login')).toHaveLength(2);
    expect(client.stats.logins).toBe(2);
  });

  it('gives up after one retry', async () => {
    await start(req =>
      req.method === 'CurrentTime'
        ? fault('NotAuthenticated', 'still no')
        : undefined,
    );
    const client = await connect();
    await expect(client.currentTime()).rejects.toBeInstanceOf(
      NotAuthenticatedFault,
    );
    expect(vim.methods().filter(m => m === 'CurrentTime')).toHaveLength(2);
  });

  it('does not retry calls on objects of the lost session, but is logged in again after', async () => {
    await start(req =>
      req.method === 'ContinueRetrievePropertiesEx'
        ? ok('ContinueRetrievePropertiesEx', '<returnval></returnval>')
        : undefined,
    );
    const client = await connect();
    vim.dropSessions();
    await expect(
      client.continueRetrievePropertiesEx('1', { onObject: () => {} }),
    ).rejects.toBeInstanceOf(NotAuthenticatedFault);
    expect(vim.methods().slice(2)).toEqual([
      'ContinueRetrievePropertiesEx',
      'Login',
    ]);
    await expect(
      client.continueRetrievePropertiesEx('1', { onObject: () => {} }),
    ).resolves.toEqual({ objects: 0 });
  });

  it.each([
    [
      'InvalidProperty',
      InvalidPropertyFault,
      '<name>bogus</name>',
      { name: 'bogus' },
    ],
    [
      'ManagedObjectNotFound',
      ManagedObjectNotFoundFault,
      '<obj type="VirtualMachine">vm-9</obj>',
      { obj: { type: 'VirtualMachine', value: 'vm-9' } },
    ],
    ['RequestCanceled', RequestCanceledFault, '', {}],
    ['InvalidCollectorVersion', InvalidCollectorVersionFault, '', {}],
    [
      'SystemError',
      VimFault,
      '<reason>vpxd restarting</reason>',
      { reason: 'vpxd restarting' },
    ],
  ])(
    'turns a %s fault into its typed error',
    async (type, Class, detail, fields) => {
      await start(req =>
        req.method === 'CurrentTime'
          ? fault(type, `A general ${type} & error.`, detail)
          : undefined,
      );
      const client = await connect();
      const error = await client.currentTime().catch(e => e);
      expect(error).toBeInstanceOf(Class);
      expect(error).toBeInstanceOf(VimFault);
      expect(error).toMatchObject({
        faultType: type,
        faultString: `A general ${type} & error.`,
        method: 'CurrentTime',
        detail: fields,
      });
      expect(error.message).toBe(
        `CurrentTime failed with ${type}: A general ${type} & error.`,
      );
    },
  );

  it('streams objects of a page as they arrive, even split mid-character', async () => {
    const names = Array.from(
      { length: 50 },
      (_, i) => `vm-${i} Zürich 東京 & <ok>`,
    );
    await start(req =>
      req.method === 'RetrievePropertiesEx'
        ? {
            ...ok('x'),
            body: retrieveResult(
              'RetrievePropertiesEx',
              names.map((n, i) =>
                objectContent('VirtualMachine', `vm-${i}`, str('name', n)),
              ),
              'tok-1',
            ),
            chunkBytes: 7,
          }
        : undefined,
    );
    const client = await connect();
    const seen: string[] = [];
    const page = await client.retrievePropertiesEx(
      [
        {
          propSet: [{ type: 'VirtualMachine', pathSet: ['name'] }],
          objectSet: [{ obj: { type: 'Folder', value: 'group-d1' } }],
        },
      ],
      { maxObjects: 50 },
      { onObject: o => seen.push(o.props.name as string) },
    );
    expect(page).toEqual({ token: 'tok-1', objects: 50 });
    expect(seen).toEqual(names);
  });

  it('returns WaitForUpdatesEx updates as they stream, truncation, and nothing after maxWaitSeconds', async () => {
    let calls = 0;
    await start(req => {
      if (req.method !== 'WaitForUpdatesEx') return undefined;
      calls++;
      if (calls === 2) return { ...ok('WaitForUpdatesEx'), delayMs: 150 };
      return ok(
        'WaitForUpdatesEx',
        '<returnval><version>7</version><filterSet><filter type="PropertyFilter">session[1]f</filter>' +
          '<objectSet><kind>enter</kind><obj type="HostSystem">host-1</obj><changeSet><name>name</name><op>assign</op>' +
          '<val xsi:type="xsd:string">esx01</val></changeSet></objectSet></filterSet><truncated>true</truncated></returnval>',
      );
    });
    const client = await connect({ requestTimeoutMs: 100 });
    const collector = { type: 'PropertyCollector', value: 'session[1]pc' };
    const updates: unknown[] = [];
    await expect(
      client.waitForUpdatesEx(
        collector,
        '6',
        { maxWaitSeconds: 0, maxObjectUpdates: 50 },
        { onUpdate: u => updates.push(u) },
      ),
    ).resolves.toEqual({ version: '7', truncated: true, updates: 1 });
    expect(updates).toEqual([
      {
        filter: { type: 'PropertyFilter', value: 'session[1]f' },
        kind: 'enter',
        obj: { type: 'HostSystem', value: 'host-1' },
        changes: [
          { name: 'name', op: 'assign', val: 'esx01', type: 'xsd:string' },
        ],
        missing: [],
      },
    ]);
    expect(vim.requests.at(-1)!.body).toContain(
      '<version>6</version><options><maxWaitSeconds>0</maxWaitSeconds><maxObjectUpdates>50</maxObjectUpdates></options>',
    );
    // a wait of 1 s outlasts the 100 ms request timeout without failing
    await expect(
      client.waitForUpdatesEx(
        collector,
        '7',
        { maxWaitSeconds: 1 },
        { onUpdate: () => {} },
      ),
    ).resolves.toBeUndefined();
  });

  it('times out a call that takes too long', async () => {
    await start(req =>
      req.method === 'CurrentTime'
        ? { ...ok('CurrentTime', '<returnval>x</returnval>'), delayMs: 2000 }
        : undefined,
    );
    const client = await connect();
    const started = Date.now();
    await expect(client.currentTime({ timeoutMs: 100 })).rejects.toBeInstanceOf(
      VimTimeoutError,
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stops a call when its signal aborts, with the signal reason', async () => {
    await start(req =>
      req.method === 'CurrentTime'
        ? { ...ok('CurrentTime', '<returnval>x</returnval>'), delayMs: 2000 }
        : undefined,
    );
    const client = await connect();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const error = await client
      .currentTime({ signal: controller.signal })
      .catch(e => e);
    expect(error.name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1000);
    await expect(
      client.currentTime({ signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('says what is wrong when nothing listens', async () => {
    await start();
    const url = vim.url;
    await vim.close();
    const error = await VimClient.connect({
      url,
      username: 'u',
      password: 'p',
    }).catch(e => e);
    expect(error).toBeInstanceOf(VimConnectionError);
    expect(error.message).toMatch(
      /could not reach vCenter at http:\/\/127\.0\.0\.1:\d+\/sdk \(ECONNREFUSED\)/,
    );
  });

  it('reports a proxy error page that is not SOAP', async () => {
    await start(req =>
      req.method === 'CurrentTime'
        ? {
            status: 503,
            body: '<html><body><h1>503 Service Unavailable</h1></body></html>',
            headers: { 'Content-Type': 'text/html' },
          }
        : undefined,
    );
    const client = await connect();
    const error = await client.currentTime().catch(e => e);
    expect(error).toBeInstanceOf(VimProtocolError);
    expect(error.statusCode).toBe(503);
    expect(error.message).toMatch(
      /answered HTTP 503 .* instead of SOAP: <html><body><h1>503 Service Unavailable/,
    );
  });

  it('keeps the session alive with CurrentTime on an unref-ed timer, stopped by close', async () => {
    await start(req =>
      req.method === 'CurrentTime'
        ? ok('CurrentTime', '<returnval>2026-11-20T08:00:00Z</returnval>')
        : undefined,
    );
    const client = await connect({ keepAliveIntervalMs: 40 });
    const timer = (client as any).keepAliveTimer as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    await new Promise(r => setTimeout(r, 150));
    const beats = vim.methods().filter(m => m === 'CurrentTime').length;
    expect(beats).toBeGreaterThanOrEqual(2);
    await client.close();
    await new Promise(r => setTimeout(r, 120));
    expect(vim.methods().filter(m => m === 'CurrentTime')).toHaveLength(beats);
  });

  it('never put the password into a log line in any of the above', () => {
    expect(logs.lines.length).toBeGreaterThan(10);
    expect(logs.lines.join('\n')).not.toContain('p&ss');
    expect(logs.lines.join('\n')).not.toContain('w0rd');
  });

  it('does not log in again after close', async () => {
    await start();
    const client = await connect();
    await client.close();
    await expect(client.currentTime()).rejects.toBeInstanceOf(Error);
    expect(vim.methods().filter(m => m === 'Login')).toHaveLength(1);
  });
});

describe('VimClient TLS settings', () => {
  let dir: string;
  let server: https.Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vim-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    server = https.createServer(
      {
        key: readFileSync(join(dir, 'key.pem')),
        cert: readFileSync(join(dir, 'cert.pem')),
      },
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(VC_SERVICE_CONTENT);
      },
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/sdk`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const serviceContent = async (client: VimClient) => {
    try {
      await client.login();
    } catch {
      // the server answers everything with ServiceContent, so Login "fails" after TLS worked
    }
    return client.serviceContent;
  };

  it('trusts the configured CA bundle', async () => {
    const client = new VimClient({
      url,
      username: 'u',
      password: 'p',
      tls: { ca: readFileSync(join(dir, 'cert.pem'), 'utf8') },
    });
    await expect(serviceContent(client)).resolves.toMatchObject({
      about: { apiVersion: '8.0.2.0' },
    });
    await client.close();
  });

  it('refuses an unknown certificate by default', async () => {
    const client = new VimClient({ url, username: 'u', password: 'p' });
    const error = await client.login().catch(e => e);
    expect(error).toBeInstanceOf(VimConnectionError);
    expect(String(error.cause?.code ?? error.cause?.message)).toMatch(
      /SELF_SIGNED|self.signed/i,
    );
    await client.close();
  });

  it('accepts any certificate with skipTlsVerify, and warns', async () => {
    const { logger, lines } = capturingLogger();
    const client = new VimClient({
      url,
      username: 'u',
      password: 'p',
      tls: { skipTlsVerify: true },
      logger,
    });
    await expect(serviceContent(client)).resolves.toBeDefined();
    expect(
      lines.some(l => l.startsWith('warn TLS certificate verification is OFF')),
    ).toBe(true);
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
    await client.close();
  });
});
