import { describeWith } from '../requirements';
import { buildVcsim, vcsimRequirement } from './build';
import { RunningVcsim, startVcsim } from './launcher';
import { expectedVmCount, topologies } from './topologies';

// What govmomi 0.24.2 sends (vim25.Version = 7.0); vcsim ignores it, vCenter checks the namespace
const SOAP_ACTION = 'urn:vim25/7.0';

function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:vim25="urn:vim25"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

async function soap(url: string, body: string, cookie?: string) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: SOAP_ACTION,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: envelope(body),
  });
}

function field(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml)?.[1];
}

describeWith(vcsimRequirement)('vcsim (real simulator)', () => {
  // the first build on a machine compiles govmomi: ~20 s on 2 cores
  beforeAll(() => buildVcsim(), 120_000);

  let started: RunningVcsim[] = [];
  afterEach(async () => {
    await Promise.all(started.map(v => v.stop()));
    started = [];
  });

  it('serves the small topology over SOAP and stops', async () => {
    const vcsim = await startVcsim({ topology: 'small' });
    started.push(vcsim);
    expect(vcsim.url).toBe(`http://127.0.0.1:${vcsim.port}/sdk`);
    expect(vcsim.counts?.VirtualMachine).toBe(
      expectedVmCount(topologies.small),
    );
    expect(vcsim.counts?.HostSystem).toBe(2);

    const content = await soap(
      vcsim.url,
      '<vim25:RetrieveServiceContent><vim25:_this type="ServiceInstance">ServiceInstance</vim25:_this></vim25:RetrieveServiceContent>',
    );
    expect(content.status).toBe(200);
    const contentXml = await content.text();
    expect(field(contentXml, 'apiType')).toBe('VirtualCenter');
    const sessionManager = field(contentXml, 'sessionManager');
    expect(sessionManager).toBeTruthy();

    const login = await soap(
      vcsim.url,
      `<vim25:Login><vim25:_this type="SessionManager">${sessionManager}</vim25:_this><vim25:userName>${vcsim.username}</vim25:userName><vim25:password>${vcsim.password}</vim25:password></vim25:Login>`,
    );
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie');
    expect(cookie).toMatch(/^vmware_soap_session=[^;]+/);
    expect(field(await login.text(), 'userName')).toBe(vcsim.username);

    await vcsim.stop();
    await expect(
      fetch(vcsim.url, { signal: AbortSignal.timeout(2000) }),
    ).rejects.toThrow();
    // once stopped, it stays stopped
    await vcsim.stop();
  });

  it('gives concurrent simulators their own ports', async () => {
    started = await Promise.all([startVcsim(), startVcsim()]);
    const [a, b] = started;
    expect(a.port).not.toBe(b.port);
    expect(a.pid).not.toBe(b.pid);
  });

  it('comes back on the same port after a kill', async () => {
    const vcsim = await startVcsim({ topology: 'small' });
    started.push(vcsim);
    const { port } = vcsim;
    vcsim.kill();
    await vcsim.restart();
    expect(vcsim.port).toBe(port);
    const res = await soap(
      vcsim.url,
      '<vim25:RetrieveServiceContent><vim25:_this type="ServiceInstance">ServiceInstance</vim25:_this></vim25:RetrieveServiceContent>',
    );
    expect(res.status).toBe(200);
  });
});
