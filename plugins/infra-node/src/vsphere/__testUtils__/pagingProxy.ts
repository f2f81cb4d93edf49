import http from 'node:http';
import { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { createSoapForwarder } from '@internal/infra-test-utils';

/**
 * An HTTP proxy in front of vcsim that pages RetrievePropertiesEx the way vCenter does, which
 * vcsim 0.24 does not: the objects vcsim returns are handed out `pageSize` at a time (or
 * `maxObjects`, when smaller) with a single-use token, and ContinueRetrievePropertiesEx /
 * CancelRetrievePropertiesEx are served from the stored remainder. An unknown or reused token
 * gets the fault newer vcsim gives (InvalidProperty, name `token`). Everything else is forwarded.
 *
 * It also keeps the books tests need: SOAP calls per method and the views that were created and
 * not destroyed (vcsim keeps no `ViewManager.viewList`).
 */
export interface PagingProxy {
  url: string;
  /** SOAP calls per method, as the proxy saw them. */
  calls: Record<string, number>;
  /** Views created through the proxy and not destroyed yet. */
  liveViews(): string[];
  /** Every view created through the proxy, destroyed or not. */
  createdViews(): string[];
  /** Tokens handed out and neither continued nor cancelled. */
  outstandingTokens(): number;
  /**
   * What happened, in order: `page N >` and `page N <` when the proxy started and finished
   * sending page N (from 0), and the name of every other method when its request arrived.
   */
  events: string[];
  close(): Promise<void>;
}

interface Remainder {
  session: string | undefined;
  objects: string[];
  pageSize: number;
  envelopeHead: string;
}

const OBJECTS_OPEN = '<objects>';
const OBJECTS_CLOSE = '</objects>';

function splitObjects(
  xml: string,
): { head: string; objects: string[]; tail: string } | undefined {
  const open = xml.indexOf('<returnval>');
  const close = xml.lastIndexOf('</returnval>');
  if (open < 0 || close < 0) return undefined;
  const start = open + '<returnval>'.length;
  const inner = xml.slice(start, close);
  const objects: string[] = [];
  // vcsim writes `<objects>` without attributes and never nests one in a value we read
  for (let i = inner.indexOf(OBJECTS_OPEN); i >= 0; ) {
    const end = inner.indexOf(OBJECTS_CLOSE, i) + OBJECTS_CLOSE.length;
    objects.push(inner.slice(i, end));
    i = inner.indexOf(OBJECTS_OPEN, end);
  }
  return { head: xml.slice(0, start), objects, tail: xml.slice(close) };
}

function soapFault(
  envelopeHead: string,
  faultType: string,
  detail: string,
): string {
  return (
    `${envelopeHead}<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring></faultstring>` +
    `<detail><${faultType}Fault xmlns="urn:vim25" xsi:type="${faultType}">${detail}</${faultType}Fault>` +
    `</detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

const DEFAULT_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" ' +
  'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';

export async function startPagingProxy(
  target: string,
  options: {
    pageSize?: number;
    /** Sends each page in two halves this far apart, as a large page trickles in. */
    pageGapMs?: number;
  } = {},
): Promise<PagingProxy> {
  const targetUrl = new URL(target);
  const defaultPageSize = options.pageSize ?? 100;
  const calls: Record<string, number> = {};
  const events: string[] = [];
  let pagesSent = 0;
  const views = new Set<string>();
  const created: string[] = [];
  const remainders = new Map<string, Remainder>();

  const { forward, close: closeUpstream } = createSoapForwarder(targetUrl);

  /** Hands out one page of `rest`, storing what is left under a fresh token. */
  const page = (rest: Remainder, method: string): string => {
    const now = rest.objects.slice(0, rest.pageSize);
    const later = rest.objects.slice(rest.pageSize);
    let token = '';
    if (later.length > 0) {
      token = randomUUID();
      remainders.set(token, { ...rest, objects: later });
    }
    return (
      `${rest.envelopeHead}<${method}Response xmlns="urn:vim25"><returnval>` +
      `${token ? `<token>${token}</token>` : ''}${now.join(
        '',
      )}</returnval></${method}Response>` +
      `</soapenv:Body></soapenv:Envelope>`
    );
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const method = /<soapenv:Body>\s*<([A-Za-z_]+)/.exec(body)?.[1] ?? '?';
    calls[method] = (calls[method] ?? 0) + 1;
    if (!/RetrievePropertiesEx$/.test(method)) events.push(method);
    const session = /vmware_soap_session="?([^";]+)"?/.exec(
      req.headers.cookie ?? '',
    )?.[1];
    const reply = (
      status: number,
      text: string,
      headers: http.OutgoingHttpHeaders = {},
    ) => {
      res.writeHead(status, {
        'Content-Type': 'text/xml; charset=utf-8',
        ...headers,
      });
      res.end(text);
    };
    const replyPage = (
      text: string,
      headers: http.OutgoingHttpHeaders = {},
    ) => {
      const index = pagesSent++;
      events.push(`page ${index} >`);
      const done = () => events.push(`page ${index} <`);
      if (!options.pageGapMs) {
        reply(200, text, headers);
        done();
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'text/xml; charset=utf-8',
        ...headers,
      });
      const half = text.length >> 1;
      res.write(text.slice(0, half));
      setTimeout(() => res.end(text.slice(half), done), options.pageGapMs);
    };

    try {
      if (
        method === 'ContinueRetrievePropertiesEx' ||
        method === 'CancelRetrievePropertiesEx'
      ) {
        const token = /<token>([^<]*)<\/token>/.exec(body)?.[1] ?? '';
        const rest = remainders.get(token);
        remainders.delete(token);
        if (!rest || rest.session !== session) {
          reply(
            500,
            soapFault(
              rest?.envelopeHead ?? DEFAULT_HEAD,
              'InvalidProperty',
              '<name>token</name>',
            ),
          );
          return;
        }
        if (method === 'CancelRetrievePropertiesEx') {
          reply(
            200,
            `${rest.envelopeHead}<CancelRetrievePropertiesExResponse xmlns="urn:vim25"></CancelRetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>`,
          );
          return;
        }
        replyPage(page(rest, method));
        return;
      }

      const upstream = await forward(body, req.headers);
      const headers: http.OutgoingHttpHeaders = {};
      if (upstream.headers['set-cookie'])
        headers['Set-Cookie'] = upstream.headers['set-cookie'];

      if (upstream.status === 200 && method === 'CreateContainerView') {
        const view =
          /<returnval type="ContainerView">([^<]*)<\/returnval>/.exec(
            upstream.body,
          )?.[1];
        if (view) {
          views.add(view);
          created.push(view);
        }
      }
      if (upstream.status === 200 && method === 'DestroyView') {
        const view = /<_this type="ContainerView">([^<]*)<\/_this>/.exec(
          body,
        )?.[1];
        if (view) views.delete(view.replace(/&amp;/g, '&'));
      }
      if (upstream.status === 200 && method === 'RetrievePropertiesEx') {
        const split = splitObjects(upstream.body);
        if (split) {
          const maxObjects = Number(
            /<maxObjects>(\d+)<\/maxObjects>/.exec(body)?.[1] ?? 0,
          );
          const pageSize =
            maxObjects > 0
              ? Math.min(maxObjects, defaultPageSize)
              : defaultPageSize;
          const bodyAt =
            split.head.indexOf('<soapenv:Body>') + '<soapenv:Body>'.length;
          replyPage(
            page(
              {
                session,
                objects: split.objects,
                pageSize,
                envelopeHead: split.head.slice(0, bodyAt),
              },
              method,
            ),
            headers,
          );
          return;
        }
      }
      reply(upstream.status, upstream.body, headers);
    } catch (err) {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`paging proxy: ${err}`);
    }
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${targetUrl.pathname}`,
    calls,
    liveViews: () => [...views],
    createdViews: () => [...created],
    outstandingTokens: () => remainders.size,
    events,
    close: () =>
      new Promise<void>(resolve => {
        closeUpstream();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
