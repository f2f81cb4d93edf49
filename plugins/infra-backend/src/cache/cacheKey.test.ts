import {
  CACHE_SCHEMA_VERSION,
  cacheKey,
  cacheKeyPrefix,
  cacheNamespace,
} from './cacheKey';

describe('cache keys', () => {
  const vcenterUrl = 'https://vcenter.example.com/sdk';

  it('derives the namespace from URL and user, never from the password', () => {
    const ns = cacheNamespace({ vcenterUrl, username: 'svc-backstage' });
    expect(ns).toMatch(/^[0-9a-f]{16}$/);

    // the function takes no password; a password change is a different credentials object with
    // the same URL and user, and a password embedded in the URL is ignored
    const rotated = { vcenterUrl, username: 'svc-backstage', password: 'new' };
    expect(cacheNamespace(rotated)).toBe(ns);
    expect(
      cacheNamespace({
        vcenterUrl: 'https://svc-backstage:s3cret@VCENTER.example.com/sdk/',
        username: 'svc-backstage',
      }),
    ).toBe(ns);

    expect(cacheNamespace({ vcenterUrl, username: 'readonly' })).not.toBe(ns);
    expect(
      cacheNamespace({
        vcenterUrl: 'https://other.example.com/sdk',
        username: 'svc-backstage',
      }),
    ).not.toBe(ns);
  });

  it('builds versioned keys whose prefixes do not match siblings', () => {
    const namespace = cacheNamespace({ vcenterUrl, username: 'u' });
    const key = cacheKey({ namespace, kind: 'templates', id: 'domain-c7' });
    expect(key).toBe(
      `infra:v${CACHE_SCHEMA_VERSION}:${namespace}:templates:domain-c7`,
    );
    expect(cacheKey({ version: 2, namespace, kind: 'pools', id: 'x' })).toBe(
      `infra:v2:${namespace}:pools:x`,
    );
    // separators inside an id cannot fake another kind or id
    expect(cacheKey({ namespace, kind: 'pools', id: 'a:b' })).toBe(
      `infra:v${CACHE_SCHEMA_VERSION}:${namespace}:pools:a%3Ab`,
    );
    expect(key.startsWith(cacheKeyPrefix({ namespace }))).toBe(true);
    expect(
      key.startsWith(cacheKeyPrefix({ namespace, kind: 'templates' })),
    ).toBe(true);
    expect(
      key.startsWith(cacheKeyPrefix({ namespace, kind: 'template' })),
    ).toBe(false);
  });
});
