import { Client, ClientChannel } from 'ssh2';
import { describeWith } from '../requirements';
import { sharedFixtures } from '../shared';
import { startSwitchFleet, SwitchFleet } from './fleet';

/** Opens a PTY shell and collects text until `until` matches (bounded by a timeout). */
function shellSession(sw: {
  host: string;
  port: number;
  username: string;
  password: string;
}) {
  const client = new Client();
  let text = '';
  let mark = 0;
  const listeners = new Set<() => void>();
  const ready = new Promise<ClientChannel>((resolve, reject) => {
    client.on('ready', () =>
      client.shell({ term: 'vt100' }, (err, ch) => {
        if (err) {
          reject(err);
          return;
        }
        ch.on('data', (d: Buffer) => {
          text += d.toString();
          listeners.forEach(l => l());
        });
        resolve(ch);
      }),
    );
    client.on('error', reject);
    client.connect({
      host: sw.host,
      port: sw.port,
      username: sw.username,
      password: sw.password,
    });
  });
  const waitFor = async (until: RegExp, ms = 3000) => {
    await ready;
    return new Promise<string>((resolve, reject) => {
      const timer: { id?: NodeJS.Timeout } = {};
      const check = () => {
        if (!until.test(text.slice(mark))) return;
        listeners.delete(check);
        clearTimeout(timer.id);
        resolve(text);
      };
      timer.id = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(`timeout waiting for ${until}: ${JSON.stringify(text)}`),
        );
      }, ms);
      listeners.add(check);
      check();
    });
  };
  return {
    ready,
    waitFor,
    send: async (s: string, reset = true) => {
      if (reset) text = '';
      mark = text.length;
      (await ready).write(s);
    },
    close: () => client.end(),
  };
}

describeWith(sharedFixtures)('startSwitchFleet', () => {
  let fleet: SwitchFleet;
  beforeAll(async () => {
    fleet = await startSwitchFleet({
      latencyMs: 50,
      switches: [
        {
          name: 'switch1',
          platform: 'cisco_ios',
          pageLines: 5,
          macs: [{ mac: '02:00:00:00:00:99', port: 'Gi1/0/9', vlan: 7 }],
        },
      ],
    });
  });
  afterAll(() => fleet?.stop());

  it('prompts, pages until paging is turned off, replays captures after the latency', async () => {
    const sw = fleet.byName('switch1');
    expect(sw.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    const s = shellSession(sw);
    try {
      await s.waitFor(/switch1#$/);
      const t0 = Date.now();
      await s.send('show mac address-table\n');
      const first = await s.waitFor(/--More-- $/);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
      expect(first).toMatch(/Mac Address Table/);
      let rest = first;
      for (let page = 0; page < 10 && !/switch1#$/.test(rest); page++) {
        await s.send(' ', false);
        rest = await s.waitFor(/(?:--More-- |switch1#)$/);
      }
      expect(rest).toMatch(/switch1#$/);
      expect(rest).toMatch(/0200\.0000\.0099\s+DYNAMIC\s+Gi1\/0\/9/);

      await s.send('terminal length 0\n');
      await s.waitFor(/switch1#$/);
      await s.send('show mac address-table\n');
      const whole = await s.waitFor(/switch1#$/);
      expect(whole).not.toMatch(/--More--/);

      await s.send('show running-config\n');
      expect(await s.waitFor(/switch1#$/)).toMatch(/% Invalid input/);
      expect(sw.stats.maxConcurrent).toBe(1);
      expect(sw.commandCount('show mac address-table')).toBe(2);
    } finally {
      s.close();
    }
  }, 15_000);
});
