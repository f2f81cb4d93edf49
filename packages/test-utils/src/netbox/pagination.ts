export interface PageWindow {
  limit: number;
  offset: number;
}

export interface PagingConfig {
  /** PAGINATE_COUNT: the page size without `limit`. NetBox's default is 50. */
  defaultLimit: number;
  /** MAX_PAGE_SIZE: larger limits and `limit=0` are cut to this. NetBox's default is 1000. */
  maxPageSize: number;
}

function nonNegativeInt(value: string | null): number | undefined {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/** OptionalLimitOffsetPagination.get_limit / get_offset, NetBox's paginator. */
export function pageWindow(
  query: URLSearchParams,
  config: PagingConfig,
): PageWindow {
  const max = config.maxPageSize
    ? Math.max(config.maxPageSize, config.defaultLimit)
    : 0;
  const asked = nonNegativeInt(query.get('limit'));
  let limit = config.defaultLimit;
  if (asked !== undefined) {
    if (max) limit = asked === 0 ? max : Math.min(asked, max);
    else limit = asked === 0 ? Number.MAX_SAFE_INTEGER : asked;
  }
  return { limit, offset: nonNegativeInt(query.get('offset')) ?? 0 };
}

/**
 * DRF's replace_query_param: the query parsed, one key replaced, keys sorted, values kept in order.
 * Returns the absolute URL `base + path + ?query`.
 */
function linkWith(
  base: string,
  path: string,
  query: URLSearchParams,
  changes: Record<string, string | undefined>,
): string {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of query) grouped.set(k, [...(grouped.get(k) ?? []), v]);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) grouped.delete(k);
    else grouped.set(k, [v]);
  }
  const out = new URLSearchParams();
  for (const k of [...grouped.keys()].sort())
    for (const v of grouped.get(k)!) out.append(k, v);
  const text = out.toString();
  return `${base}${path}${text ? `?${text}` : ''}`;
}

export function nextLink(
  base: string,
  path: string,
  query: URLSearchParams,
  window: PageWindow,
  count: number,
): string | null {
  if (window.offset + window.limit >= count) return null;
  return linkWith(base, path, query, {
    limit: String(window.limit),
    offset: String(window.offset + window.limit),
  });
}

export function previousLink(
  base: string,
  path: string,
  query: URLSearchParams,
  window: PageWindow,
): string | null {
  if (window.offset <= 0) return null;
  if (window.offset - window.limit <= 0) {
    return linkWith(base, path, query, {
      limit: String(window.limit),
      offset: undefined,
    });
  }
  return linkWith(base, path, query, {
    limit: String(window.limit),
    offset: String(window.offset - window.limit),
  });
}
