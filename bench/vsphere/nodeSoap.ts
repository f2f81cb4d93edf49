import { resolve } from 'node:path';
import { createClientAsync, Client } from 'soap';

/** The minimal vim25 WSDL node-soap needs (vcsim serves none). */
export const MIN_WSDL = resolve(__dirname, 'vim25-min.wsdl');

/**
 * A node-soap 1.13 client for RetrievePropertiesEx against `url`, sending the session cookie.
 * What it measures is a whole node-soap call: the request goes out as the same raw body our
 * client sends (node-soap's `_xml` argument), the response is buffered by node-soap's HTTP
 * layer (axios) and then parsed into objects by `WSDL.xmlToObject` with the minimal WSDL.
 */
export async function nodeSoapClient(
  url: string,
  cookie: string,
): Promise<{
  retrieve(methodXml: string): Promise<unknown>;
}> {
  const client: Client = await createClientAsync(MIN_WSDL, { endpoint: url });
  client.addHttpHeader('Cookie', cookie);
  return {
    async retrieve(methodXml: string) {
      const [result] = await client.RetrievePropertiesExAsync({
        _xml: methodXml,
      });
      return result;
    },
  };
}

/** How many ObjectContents a node-soap result holds (to check that it parsed everything). */
export function nodeSoapObjects(result: unknown): number {
  const objects = (result as { returnval?: { objects?: unknown } })?.returnval
    ?.objects;
  if (Array.isArray(objects)) return objects.length;
  return objects ? 1 : 0;
}
