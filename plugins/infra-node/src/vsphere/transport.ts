import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import {
  VimConnectionError,
  VimProtocolError,
  VimTimeoutError,
} from './errors';
import { settleOnce } from './requestDeadline';

/** TLS settings of one vCenter. */
export interface VimTlsOptions {
  /** PEM bundle of the CAs to trust for this vCenter (instead of the system's). */
  ca?: string;
  /**
   * Accept any certificate. For labs only; the client logs a warning. This never touches
   * NODE_TLS_REJECT_UNAUTHORIZED: it applies to this vCenter's connections only.
   */
  skipTlsVerify?: boolean;
}

/** One POST of a SOAP envelope. */
export interface PostOptions {
  soapAction: string;
  cookie?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Receives the body as text, piece by piece, as it arrives. May throw to stop the read. */
  onText: (text: string) => void;
}

/** What came back, apart from the body handed to `onText`. */
export interface PostResult {
  statusCode: number;
  setCookie: string[];
  /** Body bytes as received. */
  bytes: number;
}

const SNIPPET_BYTES = 2048;

/**
 * HTTP(S) for one vCenter: a keep-alive agent with that vCenter's TLS settings, streaming response
 * bodies, a deadline per request and AbortSignal support.
 */
export class SoapTransport {
  readonly url: URL;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly userAgent: string;

  constructor(
    url: string,
    options: {
      tls?: VimTlsOptions;
      maxSockets?: number;
      userAgent?: string;
    } = {},
  ) {
    this.url = new URL(url);
    this.userAgent = options.userAgent ?? 'infra-inventory-vim25';
    const maxSockets = options.maxSockets ?? 4;
    if (this.url.protocol === 'https:') {
      this.agent = new https.Agent({
        keepAlive: true,
        maxSockets,
        ca: options.tls?.ca,
        rejectUnauthorized: !options.tls?.skipTlsVerify,
      });
      this.request = https.request;
    } else if (this.url.protocol === 'http:') {
      this.agent = new http.Agent({ keepAlive: true, maxSockets });
      this.request = http.request;
    } else {
      throw new TypeError(`${url} is neither an https:// nor an http:// URL`);
    }
  }

  /** Where requests go, without credentials, for messages. */
  get endpoint(): string {
    return `${this.url.protocol}//${this.url.host}${this.url.pathname}`;
  }

  /** Sends `body`, streaming the response to `options.onText`. */
  async post(body: string, options: PostOptions): Promise<PostResult> {
    try {
      return await this.attempt(body, options);
    } catch (err) {
      // A keep-alive socket the server closed while idle fails before the request reaches it;
      // that one case is safe to send again, whatever the method.
      if ((err as { staleSocket?: boolean }).staleSocket) {
        return this.attempt(body, options);
      }
      throw err;
    }
  }

  /** Closes idle connections; in-flight requests finish. */
  close(): void {
    this.agent.destroy();
  }

  private attempt(body: string, options: PostOptions): Promise<PostResult> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(signal.reason);

    return new Promise<PostResult>((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = {
        'Content-Type': 'text/xml; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        SOAPAction: options.soapAction,
        'User-Agent': this.userAgent,
      };
      if (options.cookie) headers.Cookie = options.cookie;
      const req = this.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers,
      });

      let responded = false;
      let bytes = 0;
      const finish = settleOnce<PostResult>(req, {
        timeoutMs: options.timeoutMs,
        signal,
        timeoutError: () =>
          new VimTimeoutError(
            `no complete response from ${this.endpoint} within ${options.timeoutMs} ms`,
          ),
        resolve,
        reject,
      });

      req.on('error', err => {
        const code = (err as NodeJS.ErrnoException).code;
        const error = new VimConnectionError(
          responded
            ? `the connection to ${this.endpoint} broke after ${bytes} bytes of the response`
            : `could not reach vCenter at ${this.endpoint}${
                code ? ` (${code})` : ''
              }`,
          err,
        );
        if (!responded && req.reusedSocket && code === 'ECONNRESET') {
          (error as { staleSocket?: boolean }).staleSocket = true;
        }
        finish(error);
      });

      req.on('response', res => {
        responded = true;
        const statusCode = res.statusCode ?? 0;
        const setCookie = res.headers['set-cookie'] ?? [];
        const contentType = res.headers['content-type'] ?? '';
        const decoder = new StringDecoder('utf8');

        if (!/xml/i.test(contentType)) {
          // an error page of a proxy or load balancer: keep a little of it for the message
          let snippet = '';
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (snippet.length < SNIPPET_BYTES) snippet += decoder.write(chunk);
          });
          res.on('end', () => {
            const error = new VimProtocolError(
              `${this.endpoint} answered HTTP ${statusCode} ${
                res.statusMessage ?? ''
              } with ` +
                `${contentType || 'no content type'} instead of SOAP: ${snippet
                  .slice(0, SNIPPET_BYTES)
                  .replace(/\s+/g, ' ')
                  .trim()}`,
            );
            error.statusCode = statusCode;
            finish(error);
          });
          return;
        }

        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          try {
            options.onText(decoder.write(chunk));
          } catch (err) {
            finish(err);
          }
        });
        res.on('end', () => {
          try {
            const rest = decoder.end();
            if (rest) options.onText(rest);
          } catch (err) {
            finish(err);
            return;
          }
          finish(undefined, { statusCode, setCookie, bytes });
        });
        res.on('aborted', () =>
          finish(
            new VimConnectionError(
              `the connection to ${this.endpoint} broke after ${bytes} bytes of the response`,
            ),
          ),
        );
        res.on('error', err =>
          finish(
            new VimConnectionError(
              `the connection to ${this.endpoint} broke after ${bytes} bytes of the response`,
              err,
            ),
          ),
        );
      });

      req.end(body);
    });
  }
}
