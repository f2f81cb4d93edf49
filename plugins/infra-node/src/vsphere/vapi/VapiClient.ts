import http from 'node:http';
import https from 'node:https';
import {
  InvalidLoginFault,
  VimConnectionError,
  VimProtocolError,
  VimTimeoutError,
} from '../errors';
import { settleOnce } from '../requestDeadline';
import type { VimTlsOptions } from '../transport';

/** How to reach a vCenter's vAPI REST endpoint; the same values as its SOAP client. */
export interface VapiClientOptions {
  /** The vCenter's SOAP URL (`https://vc/sdk`) or its address: only the origin is used. */
  url: string;
  username: string;
  password: string;
  tls?: VimTlsOptions;
  /** Deadline per request (default 60 s). */
  requestTimeoutMs?: number;
}

const SESSION_HEADER = 'vmware-api-session-id';
const SNIPPET_CHARS = 300;

/**
 * A session on a vCenter's vAPI REST endpoint (`/rest`, vSphere 6.5 and later; deprecated in
 * favour of `/api` from 7.0 U2 but still served by 8.0, and the one govmomi's simulator has):
 * `POST /rest/com/vmware/cis/session` with basic auth, then the session id in a header. The
 * vim25 SOAP API has no tags, so this is the only way to read them.
 */
export class VapiClient {
  /** Requests made, login and logout included. */
  calls = 0;
  private session?: string;
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly timeoutMs: number;

  private constructor(options: VapiClientOptions) {
    const origin = new URL(options.url);
    this.base = new URL('/rest', origin.origin);
    this.timeoutMs = options.requestTimeoutMs ?? 60_000;
    if (origin.protocol === 'https:') {
      this.agent = new https.Agent({
        keepAlive: true,
        maxSockets: 8,
        ca: options.tls?.ca,
        rejectUnauthorized: !options.tls?.skipTlsVerify,
      });
      this.request = https.request;
    } else {
      this.agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      this.request = http.request;
    }
  }

  /** Logs in; throws {@link InvalidLoginFault} when the vCenter rejects the credentials. */
  static async login(
    options: VapiClientOptions,
    signal?: AbortSignal,
  ): Promise<VapiClient> {
    const client = new VapiClient(options);
    const basic = Buffer.from(
      `${options.username}:${options.password}`,
    ).toString('base64');
    try {
      client.session = await client.send<string>(
        'POST',
        '/com/vmware/cis/session',
        undefined,
        signal,
        { Authorization: `Basic ${basic}` },
      );
    } catch (err) {
      client.agent.destroy();
      if ((err as VimProtocolError).statusCode === 401) {
        throw new InvalidLoginFault({
          method: 'vAPI session',
          faultType: 'InvalidLogin',
          faultString: `${client.base.origin} rejected the login of ${options.username}`,
        });
      }
      throw err;
    }
    return client;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.send<T>('GET', path, undefined, signal);
  }

  post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T> {
    return this.send<T>('POST', path, body, signal);
  }

  /** Ends the session (sessions count against the vCenter's limit) and closes the sockets. */
  async logout(): Promise<void> {
    try {
      if (this.session) {
        await this.send('DELETE', '/com/vmware/cis/session').catch(
          () => undefined,
        );
      }
    } finally {
      this.session = undefined;
      this.agent.destroy();
    }
  }

  /** One request; resolves with the answer's `value`. */
  private send<T>(
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
    extraHeaders: Record<string, string> = {},
  ): Promise<T> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const url = new URL(this.base.pathname + path, this.base);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const where = `vAPI ${method} ${url.pathname}${url.search}`;
    this.calls++;
    return new Promise<T>((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {
        Accept: 'application/json',
        ...extraHeaders,
      };
      if (this.session) headers[SESSION_HEADER] = this.session;
      if (payload !== undefined) {
        headers['Content-Type'] = 'application/json';
        headers['Content-Length'] = Buffer.byteLength(payload);
      }
      const req = this.request(url, { method, agent: this.agent, headers });
      const finish = settleOnce<T>(req, {
        timeoutMs: this.timeoutMs,
        signal,
        timeoutError: () =>
          new VimTimeoutError(
            `${where} had no answer within ${this.timeoutMs} ms`,
          ),
        resolve,
        reject,
      });
      req.on('error', err =>
        finish(
          new VimConnectionError(
            `${where}: could not reach ${url.origin} (${
              (err as NodeJS.ErrnoException).code ?? err.message
            })`,
            err,
          ),
        ),
      );
      req.on('response', res => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', err => finish(err));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status < 200 || status >= 300) {
            const error = new VimProtocolError(
              `${where} answered ${status}: ${text
                .slice(0, SNIPPET_CHARS)
                .replace(/\s+/g, ' ')
                .trim()}`,
            );
            error.statusCode = status;
            finish(error);
            return;
          }
          if (!text) {
            finish(undefined, undefined);
            return;
          }
          try {
            finish(undefined, (JSON.parse(text) as { value: T }).value);
          } catch {
            finish(
              new VimProtocolError(
                `${where} answered with something other than JSON: ${text.slice(
                  0,
                  SNIPPET_CHARS,
                )}`,
              ),
            );
          }
        });
      });
      req.end(payload);
    });
  }
}
