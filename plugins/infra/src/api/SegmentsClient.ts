import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  SegmentInput,
  SegmentsListResponse,
  SegmentsWriteResult,
  SegmentUpdate,
} from '@infra-inventory/plugin-infra-common';
import {
  SegmentCreateOptions,
  SegmentsApi,
  SegmentWriteOptions,
} from './SegmentsApi';

/**
 * The segments router answers per-item errors as `{ error, items }` without the `response` part
 * `ResponseError.fromResponse` looks for; adding it keeps the server's message and `body.items`.
 */
async function segmentsError(response: Response): Promise<ResponseError> {
  let text = '';
  try {
    text = await response.text();
    const body = JSON.parse(text);
    if (body && typeof body === 'object' && body.error && !body.response) {
      text = JSON.stringify({
        ...body,
        response: { statusCode: response.status },
      });
    }
  } catch {
    // not JSON: ResponseError makes a message of the text
  }
  return ResponseError.fromResponse({
    ok: response.ok,
    status: response.status,
    statusText: response.statusText,
    url: response.url,
    headers: response.headers,
    text: async () => text,
  } as unknown as Response);
}

function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value) search.set(key, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** {@link SegmentsApi} over the app's discovery and authenticated fetch. @public */
export class SegmentsClient implements SegmentsApi {
  constructor(
    private readonly deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  async listSegments(
    options: { siteGroup?: string } = {},
  ): Promise<SegmentsListResponse> {
    return this.request<SegmentsListResponse>(
      `${await this.url()}${query({ siteGroup: options.siteGroup?.trim() })}`,
    );
  }

  async createSegments(
    items: SegmentInput[],
    options: SegmentCreateOptions = {},
  ): Promise<SegmentsWriteResult> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
    };
    if (options.idempotencyKey) {
      headers['Idempotency-Key'] = options.idempotencyKey;
    }
    return this.request<SegmentsWriteResult>(
      `${await this.url()}${query({ dryRun: options.dryRun ? 'true' : '' })}`,
      { method: 'POST', headers, body: JSON.stringify(items) },
    );
  }

  async updateSegments(
    updates: SegmentUpdate[],
    options: SegmentWriteOptions = {},
  ): Promise<SegmentsWriteResult> {
    return this.request<SegmentsWriteResult>(
      `${await this.url()}${query({ dryRun: options.dryRun ? 'true' : '' })}`,
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(updates),
      },
    );
  }

  async deleteSegment(
    vlanId: number,
    options: SegmentWriteOptions = {},
  ): Promise<SegmentsWriteResult> {
    return this.request<SegmentsWriteResult>(
      `${await this.url()}/${encodeURIComponent(String(vlanId))}${query({
        dryRun: options.dryRun ? 'true' : '',
      })}`,
      { method: 'DELETE' },
    );
  }

  private async url(): Promise<string> {
    return `${await this.deps.discoveryApi.getBaseUrl('infra')}/segments`;
  }

  private async request<T>(url: string, init?: RequestInit): Promise<T> {
    const response = init
      ? await this.deps.fetchApi.fetch(url, init)
      : await this.deps.fetchApi.fetch(url);
    if (!response.ok) throw await segmentsError(response);
    return (await response.json()) as T;
  }
}
