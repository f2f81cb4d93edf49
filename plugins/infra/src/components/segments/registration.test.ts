import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { infraPlugin } from '../../plugin';

describe('segments registration', () => {
  it.each(['page:infra/segments', 'api:infra/segments'] as const)(
    'provides %s',
    id => {
      expect(infraPlugin.getExtension(id)).toBeDefined();
    },
  );

  it('serves the page at /infra/segments under the title Segments, the heading of its header', () => {
    const tester = createExtensionTester(
      infraPlugin.getExtension('page:infra/segments'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/infra/segments');
    expect(tester.get(coreExtensionData.title)).toBe('Segments');
    expect(infraPlugin.routes.segments).toBeDefined();
  });
});
