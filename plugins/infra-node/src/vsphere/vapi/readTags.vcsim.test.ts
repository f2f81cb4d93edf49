import {
  buildVcsim,
  describeWith,
  RunningVcsim,
  startVcsim,
  tagVcsimObjects,
  vcsimRequirement,
} from '@internal/infra-test-utils';
import { VimClient } from '../client';
import { InvalidLoginFault } from '../errors';
import { readInventory } from '../readInventory';
import { MoRef, moRefKey } from '../types';
import { readTags } from './readTags';
import { VapiClient } from './VapiClient';

describeWith(vcsimRequirement)(
  'vSphere tags through the vAPI REST endpoint (real vcsim)',
  () => {
    let vc: RunningVcsim;
    let objects: MoRef[];
    let vms: MoRef[];
    let host: MoRef;
    const login = (password?: string) =>
      VapiClient.login({
        url: vc.url,
        username: vc.username,
        password: password ?? vc.password,
      });

    beforeAll(async () => {
      await buildVcsim();
      vc = await startVcsim({ topology: 'demo' });
      const soap = await VimClient.connect({
        url: vc.url,
        username: vc.username,
        password: vc.password,
      });
      try {
        const inventory = await readInventory(soap);
        vms = inventory.vms.map(v => v.moref);
        host = inventory.hosts[0].moref;
        objects = [
          ...vms,
          ...inventory.hosts.map(h => h.moref),
          ...inventory.datastores.map(d => d.moref),
          ...inventory.computeResources.map(c => c.moref),
        ];
      } finally {
        await soap.close();
      }
      await tagVcsimObjects(vc, [
        { category: 'Environment', tag: 'Production', objects: [vms[0]] },
        { category: 'Environment', tag: 'Test', objects: [vms[1]] },
        { category: 'Owner', tag: 'Team <Blue> & "Co"', objects: [vms[0]] },
        { category: 'Backup Policy', tag: 'Gold – daily', objects: [host] },
      ]);
    }, 180_000);

    afterAll(async () => {
      await vc?.stop();
    });

    it('reads every attached tag with one association call per chunk, one per tag and one per category', async () => {
      const client = await login();
      try {
        const read = await readTags(client, objects, { chunkSize: 5 });
        expect(read.byObject.get(moRefKey(vms[0]))).toEqual([
          { category: 'Environment', name: 'Production' },
          { category: 'Owner', name: 'Team <Blue> & "Co"' },
        ]);
        expect(read.byObject.get(moRefKey(vms[1]))).toEqual([
          { category: 'Environment', name: 'Test' },
        ]);
        expect(read.byObject.get(moRefKey(host))).toEqual([
          { category: 'Backup Policy', name: 'Gold – daily' },
        ]);
        // untagged objects are absent, not empty
        expect(read.byObject.size).toBe(3);
        expect(read.tags).toBe(4);
        // 4 tags in 3 categories; never a call per object
        expect(read.calls).toBe(Math.ceil(objects.length / 5) + 4 + 3);
      } finally {
        await client.logout();
      }
    });

    it('reads the associations of the whole demo inventory in one call at the default chunk size', async () => {
      const client = await login();
      try {
        const read = await readTags(client, objects);
        expect(read.calls).toBe(1 + 4 + 3);
        expect(read.byObject.size).toBe(3);
      } finally {
        await client.logout();
      }
    });

    it('keeps only the configured categories, matched without regard to case', async () => {
      const client = await login();
      try {
        const read = await readTags(client, objects, {
          categories: ['environment'],
        });
        expect([...read.byObject.values()].flat()).toEqual([
          { category: 'Environment', name: 'Production' },
          { category: 'Environment', name: 'Test' },
        ]);
      } finally {
        await client.logout();
      }
    });

    it('logs out: the session id stops working', async () => {
      const client = await login();
      await client.get('/com/vmware/cis/tagging/category');
      const session = (client as unknown as { session: string }).session;
      await client.logout();
      const res = await fetch(
        `${new URL(vc.url).origin}/rest/com/vmware/cis/tagging/category`,
        { headers: { 'vmware-api-session-id': session } },
      );
      expect(res.status).toBe(401);
    });

    it('rejects a bad login with InvalidLoginFault', async () => {
      // vcsim's vAPI refuses an empty password, as vCenter refuses a wrong one
      await expect(login('')).rejects.toBeInstanceOf(InvalidLoginFault);
    });

    it('says which call failed and how when the endpoint is missing', async () => {
      const client = await login();
      try {
        await expect(
          client.get('/com/vmware/cis/tagging/no-such-thing'),
        ).rejects.toThrow(
          /vAPI GET \/rest\/com\/vmware\/cis\/tagging\/no-such-thing answered 404/,
        );
      } finally {
        await client.logout();
      }
    });
  },
);
