import http from 'node:http';

// keep-alive sockets, so a warm request is one HTTP exchange on an open connection
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One GET (node:http, keep-alive) whose body is read to the end and handed to `onData`, never
 * parsed: what a client pays to decode the answer is not part of the figures.
 */
function get(
  url: string,
  onData: (chunk: Buffer) => void,
  headers?: http.OutgoingHttpHeaders,
): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers }, res => {
        res.on('data', onData);
        res.on('error', reject);
        res.on('end', () =>
          res.statusCode === 200
            ? resolve()
            : reject(new Error(`${url} answered ${res.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}

/**
 * The body's byte count as sent (a gzip answer is not inflated); the body itself is dropped.
 * `headers` such as a browser's `Accept-Encoding: gzip` go with the request.
 */
export async function getBytes(
  url: string,
  headers?: http.OutgoingHttpHeaders,
): Promise<number> {
  let bytes = 0;
  await get(
    url,
    chunk => {
      bytes += chunk.length;
    },
    headers,
  );
  return bytes;
}

/** The body as text. */
export async function getText(url: string): Promise<string> {
  const chunks: Buffer[] = [];
  await get(url, chunk => chunks.push(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** Closes the kept-alive sockets, so the process can end. */
export function closeConnections(): void {
  agent.destroy();
}
