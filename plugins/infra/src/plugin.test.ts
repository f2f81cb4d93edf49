import { infraPlugin } from './plugin';

describe('infraPlugin', () => {
  it.each([
    'api:infra',
    'page:infra',
    'app-root-element:infra/vsphere-cluster-page-prefetch',
    'entity-card:infra/vsphere-cluster-overview',
    'entity-card:infra/vsphere-cluster-hosts',
    'entity-card:infra/vsphere-cluster-storage',
    'entity-card:infra/vsphere-host-overview',
    'entity-card:infra/vsphere-host-vms',
    'entity-card:infra/vsphere-datastore-overview',
    'entity-card:infra/vsphere-datastore-usage',
    'entity-card:infra/vsphere-vm-overview',
  ] as const)('provides %s', id => {
    expect(infraPlugin.getExtension(id)).toBeDefined();
  });
});
