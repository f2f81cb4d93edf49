import http from 'node:http';
import { AddressInfo } from 'node:net';
import { MoRef } from '@infra-inventory/plugin-infra-node';
import { createSoapForwarder } from '@internal/infra-test-utils';

/**
 * A test double of vCenter's update path, as an HTTP proxy in front of vcsim: every call goes to
 * vcsim except the WaitForUpdatesEx family, which this proxy answers the way the vSphere API
 * reference documents and vcsim 0.24 does not (vcsim echoes the version without advancing it,
 * never truncates, and re-collects its whole inventory for every queued update, which stalls it
 * under a burst):
 *
 * - the first call of a collector (no version) is forwarded to vcsim for the filters' initial
 *   state; from then on the proxy keeps the collector's update queue itself;
 * - each answer carries at most `maxObjectUpdates` object updates, `truncated` when more are
 *   queued, and a new version (1, 2, 3... per collector);
 * - a version other than the last one returned gets InvalidCollectorVersion, and so does every
 *   version after {@link WaitProxy.invalidateVersions};
 * - with nothing queued the call waits up to `maxWaitSeconds` and then answers without a result,
 *   or ends with RequestCanceled on CancelWaitForUpdates.
 *
 * Updates reach collectors only through {@link WaitProxy.modify}: changes made on vcsim itself are
 * not seen by the loops behind this proxy (their periodic full read still sees them).
 */
export interface WaitProxy {
  url: string;
  /** SOAP calls per method, as the proxy saw them. */
  calls: Record<string, number>;
  /** Every WaitForUpdatesEx answered, in order. */
  waits: WaitRecord[];
  /**
   * Queues one `modify` object update per change, for every collector whose filters carry the
   * object, and wakes their waits. Returns how many collectors got them.
   */
  modify(changes: PropertyModify[]): number;
  /** Every collector's next WaitForUpdatesEx with a version fails with InvalidCollectorVersion. */
  invalidateVersions(): void;
  close(): Promise<void>;
}

export interface PropertyModify {
  obj: MoRef;
  name: string;
  /** xsi:type of the value, e.g. `VirtualMachinePowerState`, `xsd:string`. */
  type: string;
  value: string;
}

export interface WaitRecord {
  collector: string;
  /** The version the client sent ('' for the initial call). */
  version: string;
  /** What the proxy answered. */
  outcome: 'updates' | 'timeout' | 'canceled' | 'InvalidCollectorVersion';
  returnedVersion?: string;
  objects: number;
  truncated: boolean;
}

interface Queued {
  filter: string;
  xml: string;
}

interface CollectorState {
  version: number;
  invalid: boolean;
  queue: Queued[];
  /** object key (`type:value`) to the filter that carries it */
  filterOf: Map<string, string>;
  wake?: (canceled: boolean) => void;
}

const ENVELOPE_HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/" ' +
  'xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const ENVELOPE_TAIL = '</soapenv:Body></soapenv:Envelope>';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const unesc = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

const soapFault = (faultType: string) =>
  `${ENVELOPE_HEAD}<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring></faultstring>` +
  `<detail><${faultType}Fault xmlns="urn:vim25" xsi:type="${faultType}"></${faultType}Fault>` +
  `</detail></soapenv:Fault>${ENVELOPE_TAIL}`;

/** The `<tag>...</tag>` blocks of `xml` in order (the tag never nests in vcsim's output). */
function blocks(xml: string, tag: string): string[] {
  const open = `<${tag}>`;
  const close = `</${tag}>`;
  const out: string[] = [];
  for (let i = xml.indexOf(open); i >= 0; ) {
    const end = xml.indexOf(close, i) + close.length;
    out.push(xml.slice(i, end));
    i = xml.indexOf(open, end);
  }
  return out;
}

/** The filter updates of vcsim's initial WaitForUpdatesEx answer, as queued object updates. */
function initialUpdates(xml: string): Queued[] {
  const queued: Queued[] = [];
  for (const filterSet of blocks(xml, 'filterSet')) {
    const filter = /<filter type="PropertyFilter">([^<]*)<\/filter>/.exec(
      filterSet,
    )?.[1];
    if (filter === undefined) continue;
    for (const objectSet of blocks(filterSet, 'objectSet')) {
      queued.push({ filter: unesc(filter), xml: objectSet });
    }
  }
  return queued;
}

const objKey = (xml: string) => {
  const m = /<obj type="([^"]+)">([^<]*)<\/obj>/.exec(xml);
  return m ? `${m[1]}:${unesc(m[2])}` : undefined;
};

/** Starts the proxy in front of vcsim at `target` (its `/sdk` URL). */
export async function startWaitProxy(target: string): Promise<WaitProxy> {
  const targetUrl = new URL(target);
  const calls: Record<string, number> = {};
  const waits: WaitRecord[] = [];
  const collectors = new Map<string, CollectorState>();

  const {
    forward,
    passThrough,
    close: closeUpstream,
  } = createSoapForwarder(targetUrl);

  /** One answer: up to `max` queued updates, grouped by filter in queue order. */
  const answer = (state: CollectorState, max: number) => {
    const now = state.queue.splice(0, max);
    state.version++;
    const truncated = state.queue.length > 0;
    const groups: Array<{ filter: string; xml: string[] }> = [];
    for (const q of now) {
      const last = groups[groups.length - 1];
      if (last && last.filter === q.filter) last.xml.push(q.xml);
      else groups.push({ filter: q.filter, xml: [q.xml] });
    }
    const filterSets = groups
      .map(
        g =>
          `<filterSet><filter type="PropertyFilter">${esc(
            g.filter,
          )}</filter>${g.xml.join('')}</filterSet>`,
      )
      .join('');
    return {
      objects: now.length,
      truncated,
      version: String(state.version),
      body:
        `${ENVELOPE_HEAD}<WaitForUpdatesExResponse xmlns="urn:vim25"><returnval>` +
        `<version>${state.version}</version>${filterSets}` +
        `${truncated ? '<truncated>true</truncated>' : ''}` +
        `</returnval></WaitForUpdatesExResponse>${ENVELOPE_TAIL}`,
    };
  };

  const server = http.createServer(async (req, res) => {
    // the vAPI (tags) is not part of the double: vcsim answers it
    if (!req.url?.startsWith(targetUrl.pathname)) {
      passThrough(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const method = /<soapenv:Body>\s*<([A-Za-z_]+)/.exec(body)?.[1] ?? '?';
    calls[method] = (calls[method] ?? 0) + 1;
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
    const collector = unesc(
      /<_this type="PropertyCollector">([^<]*)<\/_this>/.exec(body)?.[1] ?? '',
    );

    try {
      if (method === 'WaitForUpdatesEx') {
        const version = unesc(
          /<version>([^<]*)<\/version>/.exec(body)?.[1] ?? '',
        );
        const maxWait = /<maxWaitSeconds>(\d+)<\/maxWaitSeconds>/.exec(body);
        const maxObjects = Number(
          /<maxObjectUpdates>(\d+)<\/maxObjectUpdates>/.exec(body)?.[1] ?? 0,
        );
        const max = maxObjects > 0 ? maxObjects : Number.MAX_SAFE_INTEGER;
        let state = collectors.get(collector);
        const record = (r: Omit<WaitRecord, 'collector' | 'version'>) =>
          waits.push({ collector, version, ...r });

        if (version === '') {
          // the filters' initial state, from vcsim
          const upstream = await forward(body, req.headers);
          if (upstream.status !== 200) {
            reply(upstream.status, upstream.body);
            return;
          }
          const queue = initialUpdates(upstream.body);
          state = {
            version: 0,
            invalid: false,
            queue,
            filterOf: new Map(
              queue.flatMap(q => {
                const key = objKey(q.xml);
                return key ? [[key, q.filter] as [string, string]] : [];
              }),
            ),
          };
          collectors.set(collector, state);
        } else if (
          !state ||
          state.invalid ||
          version !== String(state.version)
        ) {
          record({
            outcome: 'InvalidCollectorVersion',
            objects: 0,
            truncated: false,
          });
          reply(500, soapFault('InvalidCollectorVersion'));
          return;
        }

        if (state.queue.length === 0) {
          const waitMs = maxWait ? Number(maxWait[1]) * 1000 : undefined;
          const canceled = await new Promise<boolean>(resolve => {
            const timer =
              waitMs === undefined
                ? undefined
                : setTimeout(() => resolve(false), waitMs);
            state!.wake = c => {
              clearTimeout(timer);
              resolve(c);
            };
            res.on('close', () => {
              clearTimeout(timer);
              resolve(true);
            });
          });
          state.wake = undefined;
          if (state.invalid && !canceled) {
            record({
              outcome: 'InvalidCollectorVersion',
              objects: 0,
              truncated: false,
            });
            reply(500, soapFault('InvalidCollectorVersion'));
            return;
          }
          if (canceled) {
            record({ outcome: 'canceled', objects: 0, truncated: false });
            if (!res.writableEnded && !res.destroyed) {
              reply(500, soapFault('RequestCanceled'));
            }
            return;
          }
          if (state.queue.length === 0) {
            record({ outcome: 'timeout', objects: 0, truncated: false });
            reply(
              200,
              `${ENVELOPE_HEAD}<WaitForUpdatesExResponse xmlns="urn:vim25"></WaitForUpdatesExResponse>${ENVELOPE_TAIL}`,
            );
            return;
          }
        }
        const a = answer(state, max);
        record({
          outcome: 'updates',
          returnedVersion: a.version,
          objects: a.objects,
          truncated: a.truncated,
        });
        reply(200, a.body);
        return;
      }

      if (method === 'CancelWaitForUpdates') {
        collectors.get(collector)?.wake?.(true);
        reply(
          200,
          `${ENVELOPE_HEAD}<CancelWaitForUpdatesResponse xmlns="urn:vim25"></CancelWaitForUpdatesResponse>${ENVELOPE_TAIL}`,
        );
        return;
      }
      if (method === 'DestroyPropertyCollector') {
        collectors.get(collector)?.wake?.(true);
        collectors.delete(collector);
      }

      const upstream = await forward(body, req.headers);
      const headers: http.OutgoingHttpHeaders = {};
      if (upstream.headers['set-cookie'])
        headers['Set-Cookie'] = upstream.headers['set-cookie'];
      reply(upstream.status, upstream.body, headers);
    } catch (err) {
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'text/plain' });
        res.end(`wait proxy: ${err}`);
      }
    }
  });

  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${targetUrl.pathname}`,
    calls,
    waits,
    modify(changes) {
      let reached = 0;
      for (const state of collectors.values()) {
        let any = false;
        for (const c of changes) {
          const filter = state.filterOf.get(`${c.obj.type}:${c.obj.value}`);
          if (filter === undefined) continue;
          any = true;
          state.queue.push({
            filter,
            xml:
              `<objectSet><kind>modify</kind><obj type="${c.obj.type}">${esc(
                c.obj.value,
              )}</obj><changeSet><name>${esc(c.name)}</name><op>assign</op>` +
              `<val xsi:type="${c.type}">${esc(
                c.value,
              )}</val></changeSet></objectSet>`,
          });
        }
        if (any) {
          reached++;
          state.wake?.(false);
        }
      }
      return reached;
    },
    invalidateVersions() {
      for (const state of collectors.values()) {
        state.invalid = true;
        state.wake?.(false);
      }
    },
    close: () =>
      new Promise<void>(resolve => {
        closeUpstream();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
