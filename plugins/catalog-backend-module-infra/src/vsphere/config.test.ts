import { ConfigReader } from '@backstage/config';
import { readVsphereProviderConfigs } from './config';

const read = (vsphere: unknown) =>
  readVsphereProviderConfigs(
    new ConfigReader({ catalog: { providers: { vsphere } } } as any),
  );

describe('readVsphereProviderConfigs', () => {
  it('reads nothing when no vCenter is configured', () => {
    expect(readVsphereProviderConfigs(new ConfigReader({}))).toEqual([]);
  });

  it('applies defaults to the single-block form, with id default and /sdk appended', () => {
    const [vc] = read({
      url: 'https://vc.example.com',
      username: 'u',
      password: 'p',
    });
    expect(vc).toMatchObject({
      id: 'default',
      url: 'https://vc.example.com/sdk',
      tls: { skipTlsVerify: false },
      owner: 'group:default/infrastructure',
      maxObjectsPerPage: 1000,
      maxRemovalShare: 0.2,
      schedule: { frequency: { minutes: 30 } },
      entities: {
        vms: true,
        templates: true,
        networks: true,
        include: [],
        exclude: [],
      },
      tags: { enabled: true, categories: [] },
    });
  });

  it('reads the map form with per-vCenter settings', () => {
    const configs = read({
      prod: {
        url: 'https://vc1/sdk',
        username: 'u',
        password: 'p',
        schedule: { frequency: { minutes: 5 }, timeout: { minutes: 2 } },
        entities: { templates: false, exclude: ['^tmp-'] },
        maxRemovalShare: 0.5,
        tags: { categories: ['Environment', 'Owner'] },
      },
      lab: { url: 'http://127.0.0.1:8989', username: 'u', password: 'p' },
    });
    expect(configs.map(c => c.id)).toEqual(['prod', 'lab']);
    expect(configs[0].schedule.frequency).toEqual({ minutes: 5 });
    expect(configs[0].entities.templates).toBe(false);
    expect(configs[0].entities.exclude[0].test('tmp-vm')).toBe(true);
    expect(configs[1].url).toBe('http://127.0.0.1:8989/sdk');
    expect(configs[0].tags).toEqual({
      enabled: true,
      categories: ['Environment', 'Owner'],
    });
    expect(configs[1].tags.enabled).toBe(true);
  });

  it.each([
    [
      { 'Prod VC': { url: 'https://x', username: 'u', password: 'p' } },
      /id 'Prod VC' must be/,
    ],
    [
      { url: 'vc.example.com', username: 'u', password: 'p' },
      /url: 'vc.example.com' is not a URL/,
    ],
    [
      { url: 'ftp://vc', username: 'u', password: 'p' },
      /must start with https/,
    ],
    [
      { url: 'https://vc', username: 'u', password: 'p', maxRemovalShare: 2 },
      /maxRemovalShare must be between 0 and 1/,
    ],
    [
      {
        url: 'https://vc',
        username: 'u',
        password: 'p',
        entities: { include: ['('] },
      },
      /entities\.include\[0\] is not a valid regular expression/,
    ],
    [{ url: 'https://vc', username: 'u' }, /password/],
  ])(
    'rejects bad input with an error naming the field (%#)',
    (vsphere, message) => {
      expect(() => read(vsphere)).toThrow(message);
    },
  );

  it('never puts the password into an error message', () => {
    expect(() =>
      read({ url: 'nope', username: 'u', password: 'hunter2-secret' }),
    ).toThrow(
      expect.objectContaining({
        message: expect.not.stringContaining('hunter2'),
      }),
    );
  });
});
