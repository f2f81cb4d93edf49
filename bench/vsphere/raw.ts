import http from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_INVENTORY_SPEC,
  inventoryFilterSpecs,
  MoRef,
  VimClient,
} from '../../plugins/infra-node/src/vsphere';
import {
  bodies,
  envelope,
} from '../../plugins/infra-node/src/vsphere/envelopes';

/**
 * The very RetrievePropertiesEx readInventory sends, over a view of its own in `client`'s
 * session: what the raw and node-soap contenders POST with `cookie`. Destroy `view` when done.
 */
export async function inventoryRequest(client: VimClient): Promise<{
  view: MoRef;
  methodXml: string;
  request: string;
  cookie: string;
}> {
  const { rootFolder, propertyCollector } = client.serviceContent;
  const view = await client.createContainerView(
    rootFolder,
    DEFAULT_INVENTORY_SPEC.viewTypes,
    true,
  );
  const methodXml = bodies.retrievePropertiesEx(
    propertyCollector,
    inventoryFilterSpecs(view, rootFolder, DEFAULT_INVENTORY_SPEC),
    { maxObjects: 1000 },
  );
  const cookie = (client as unknown as { cookie?: string }).cookie;
  if (!cookie) throw new Error('the client holds no session cookie');
  return { view, methodXml, request: envelope(methodXml), cookie };
}

/**
 * The floor under every read: one POST of a prepared SOAP envelope with the session cookie, the
 * response body read to the end and thrown away (bytes counted, no decoding, no parsing). Node's
 * http module over a keep-alive agent, as our transport uses.
 */
export class RawPoster {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly url: URL;

  constructor(url: string, private readonly cookie: string) {
    this.url = new URL(url);
  }

  /**
   * POSTs `envelope`; resolves with the body bytes and the ms from the request until the first
   * byte of the body, or the body itself too with `keep`.
   */
  post(
    envelope: string,
    keep?: false,
  ): Promise<{ bytes: number; firstByteMs: number }>;
  post(
    envelope: string,
    keep: true,
  ): Promise<{ bytes: number; firstByteMs: number; body: string }>;
  post(
    envelope: string,
    keep = false,
  ): Promise<{ bytes: number; firstByteMs: number; body?: string }> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'Content-Type': 'text/xml; charset=utf-8',
          'Content-Length': Buffer.byteLength(envelope),
          SOAPAction: 'urn:vim25/6.5',
          Cookie: this.cookie,
        },
      });
      req.on('error', reject);
      req.on('response', res => {
        let bytes = 0;
        let firstByteMs = 0;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (bytes === 0) firstByteMs = performance.now() - started;
          bytes += chunk.length;
          if (keep) chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(
              new Error(
                `raw POST answered HTTP ${res.statusCode}: ${Buffer.concat(
                  chunks,
                )
                  .toString('utf8')
                  .slice(0, 500)}`,
              ),
            );
          } else if (keep) {
            resolve({
              bytes,
              firstByteMs,
              body: Buffer.concat(chunks).toString('utf8'),
            });
          } else resolve({ bytes, firstByteMs });
        });
      });
      req.end(envelope);
    });
  }

  close() {
    this.agent.destroy();
  }
}
