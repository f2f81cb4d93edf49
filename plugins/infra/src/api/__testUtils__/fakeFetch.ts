const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
};

/** A JSON response as the backend sends it, for the API clients' tests. */
export function fakeResponse(status: number, body: unknown): Response {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: STATUS_TEXT[status] ?? '',
    headers: { get: () => 'application/json; charset=utf-8' },
    json: async () => body,
    text: async () => JSON.stringify(body),
  } as unknown as Response;
}

/**
 * A client built on a fetch that always answers `response` and a discovery API that maps plugin
 * ids to `http://backstage/api/<id>`; both are jest mocks the test can inspect.
 */
export function withFakeFetch<C>(
  create: (deps: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi: { fetch: typeof fetch };
  }) => C,
  response: Response,
) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => response);
  const getBaseUrl = jest.fn(
    async (pluginId: string) => `http://backstage/api/${pluginId}`,
  );
  return {
    fetch,
    getBaseUrl,
    client: create({
      discoveryApi: { getBaseUrl },
      fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    }),
  };
}
