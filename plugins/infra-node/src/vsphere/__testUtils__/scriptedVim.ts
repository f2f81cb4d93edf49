import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  VC_SERVICE_CONTENT,
  vcFault,
  vcLoginResponse,
  vcResponse,
  vcSessionCookie,
} from './vimXml';

/**
 * A scripted vCenter for client tests: a real HTTP server whose answers tests write, with the
 * session handling of vCenter (cookie from Login, NotAuthenticated without it) built in.
 */

export interface ScriptedRequest {
  method: string;
  body: string;
  soapAction?: string;
  cookie?: string;
  /** The session the cookie names, if it is live. */
  session?: string;
}

export interface ScriptedReply {
  status?: number;
  body: string;
  headers?: Record<string, string | string[]>;
  /** Write the body this many bytes at a time, yielding between writes. */
  chunkBytes?: number;
  /** Wait this long before answering. */
  delayMs?: number;
}

export type ScriptedHandler = (
  request: ScriptedRequest,
) => ScriptedReply | undefined | Promise<ScriptedReply | undefined>;

export interface ScriptedVim {
  url: string;
  requests: ScriptedRequest[];
  /** Methods called, in order. */
  methods(): string[];
  /** Forgets every session, as a vCenter restart or an expired idle session would. */
  dropSessions(): void;
  /** Live session keys. */
  sessions(): string[];
  close(): Promise<void>;
}

export const ok = (method: string, inner = ''): ScriptedReply => ({
  body: vcResponse(method, inner),
});

export const fault = (
  faultType: string,
  faultString = '',
  detail = '',
): ScriptedReply => ({
  status: 500,
  body: vcFault(faultType, faultString, detail),
});

/**
 * Starts a scripted vCenter on 127.0.0.1. RetrieveServiceContent, Login (password `password`
 * only), Logout and, for requests without a live session, NotAuthenticated are answered here;
 * everything else goes to `handler`, which answers `MethodNotFound` when it returns undefined.
 */
export async function startScriptedVim(
  handler: ScriptedHandler = () => undefined,
  options: { password?: string } = {},
): Promise<ScriptedVim> {
  const requests: ScriptedRequest[] = [];
  const live = new Set<string>();
  let nextSession = 1;

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const method = /<soapenv:Body>\s*<([A-Za-z_]+)/.exec(body)?.[1] ?? '?';
    const cookie = req.headers.cookie;
    const key = /vmware_soap_session="?([^";]+)"?/.exec(cookie ?? '')?.[1];
    const request: ScriptedRequest = {
      method,
      body,
      soapAction: req.headers.soapaction as string | undefined,
      cookie,
      session: key && live.has(key) ? key : undefined,
    };
    requests.push(request);

    let reply: ScriptedReply | undefined;
    if (method === 'RetrieveServiceContent') {
      reply = { body: VC_SERVICE_CONTENT };
    } else if (method === 'Login') {
      const password = /<password>([^<]*)<\/password>/.exec(body)?.[1];
      const user = /<userName>([^<]*)<\/userName>/.exec(body)?.[1] ?? '';
      if (password !== (options.password ?? 'password')) {
        reply = fault(
          'InvalidLogin',
          'Cannot complete login due to an incorrect user name or password.',
        );
      } else {
        const session = `52b6a3f1-0000-4000-8000-${String(
          nextSession++,
        ).padStart(12, '0')}`;
        live.add(session);
        reply = {
          body: vcLoginResponse(user, session),
          headers: { 'Set-Cookie': vcSessionCookie(session) },
        };
      }
    } else if (!request.session) {
      reply = fault(
        'NotAuthenticated',
        'The session is not authenticated.',
        '<object type="Folder">group-d1</object><privilegeId>System.View</privilegeId>',
      );
    } else if (method === 'Logout') {
      live.delete(request.session);
      reply = ok('Logout');
    } else {
      reply =
        (await handler(request)) ??
        fault('MethodNotFound', `${method} is not scripted`);
    }

    if (reply.delayMs) await new Promise(r => setTimeout(r, reply!.delayMs));
    res.writeHead(reply.status ?? 200, {
      'Content-Type': 'text/xml; charset=utf-8',
      ...reply.headers,
    });
    const bytes = Buffer.from(reply.body, 'utf8');
    if (!reply.chunkBytes) {
      res.end(bytes);
      return;
    }
    for (let i = 0; i < bytes.length; i += reply.chunkBytes) {
      if (res.destroyed) return;
      res.write(bytes.subarray(i, i + reply.chunkBytes));
      await new Promise(r => setImmediate(r));
    }
    res.end();
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sdk`,
    requests,
    methods: () => requests.map(r => r.method),
    dropSessions: () => live.clear(),
    sessions: () => [...live],
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
