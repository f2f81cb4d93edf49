import http from 'node:http';

/** What the simulator answered to one forwarded SOAP request. */
export interface ForwardedAnswer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A forwarder for test proxies that sit in front of vcsim and rewrite some of its answers: POSTs a
 * SOAP body to `target` over one keep-alive agent, passing on the session cookie and SOAPAction of
 * the client's request, and returns the whole answer.
 */
export function createSoapForwarder(target: string | URL) {
  const targetUrl = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const forward = (
    body: string,
    headers: http.IncomingHttpHeaders,
  ): Promise<ForwardedAnswer> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        targetUrl,
        {
          method: 'POST',
          agent,
          headers: {
            'Content-Type': headers['content-type'] ?? 'text/xml',
            ...(headers.cookie ? { Cookie: headers.cookie } : {}),
            ...(headers.soapaction ? { SOAPAction: headers.soapaction } : {}),
          },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', c => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  /**
   * Relays a request that is not SOAP (vcsim's vAPI under `/rest`) to the same path on the
   * simulator, as it came, streaming both ways.
   */
  const passThrough = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const relayed = http.request(
      {
        host: targetUrl.hostname,
        port: targetUrl.port,
        path: req.url,
        method: req.method,
        headers: req.headers,
        agent,
      },
      answer => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    relayed.on('error', err => {
      res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    });
    req.pipe(relayed);
  };
  return { forward, passThrough, close: () => agent.destroy() };
}
