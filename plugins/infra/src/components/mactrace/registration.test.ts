import { infraPlugin } from '../../plugin';

describe('MAC trace registration', () => {
  it.each(['page:infra/mactrace', 'api:infra/mactrace'] as const)(
    'provides %s',
    id => {
      expect(infraPlugin.getExtension(id)).toBeDefined();
    },
  );

  it('gives the page a route ref of its own, for its nav item', () => {
    expect(infraPlugin.routes.macTrace).toBeDefined();
  });
});
