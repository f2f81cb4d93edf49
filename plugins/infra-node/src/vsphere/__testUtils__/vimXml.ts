import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { escapeXml } from '../xml';

/**
 * Response bodies the way vCenter writes them (`xsi:type`, newlines between some elements), for
 * tests that need a server answer vcsim 0.24 cannot give: tokens, alarms, PVLANs, faults.
 */

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  '<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"\n' +
  ' xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"\n' +
  ' xmlns:xsd="http://www.w3.org/2001/XMLSchema"\n' +
  ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<soapenv:Body>\n';
const ENVELOPE_CLOSE = '</soapenv:Body>\n</soapenv:Envelope>';

/** A successful response of `method` with `inner` inside the response element. */
export function vcResponse(method: string, inner: string): string {
  return `${ENVELOPE_OPEN}<${method}Response xmlns="urn:vim25">${inner}</${method}Response>\n${ENVELOPE_CLOSE}`;
}

/** A fault body as vCenter sends it with HTTP 500. */
export function vcFault(
  faultType: string,
  faultString: string,
  detailInner = '',
): string {
  return (
    `${ENVELOPE_OPEN}<soapenv:Fault><faultcode>ServerFaultCode</faultcode>` +
    `<faultstring>${escapeXml(faultString)}</faultstring><detail>` +
    `<${faultType}Fault xmlns="urn:vim25" xsi:type="${faultType}">${detailInner}</${faultType}Fault>` +
    `</detail></soapenv:Fault>\n${ENVELOPE_CLOSE}`
  );
}

/** A moref element. */
export const mo = (tag: string, type: string, value: string) =>
  `<${tag} type="${type}">${escapeXml(value)}</${tag}>`;

/** A typed `propSet` entry as vCenter writes it. */
export function prop(
  name: string,
  xsiType: string,
  inner: string,
  attrs = '',
): string {
  return `<propSet><name>${name}</name><val xsi:type="${xsiType}"${attrs}>${inner}</val></propSet>`;
}

export const str = (name: string, value: string) =>
  prop(name, 'xsd:string', escapeXml(value));
export const num = (
  name: string,
  type: 'int' | 'long' | 'short',
  value: number,
) => prop(name, `xsd:${type}`, String(value));
export const bool = (name: string, value: boolean) =>
  prop(name, 'xsd:boolean', String(value));
export const ref = (name: string, type: string, value: string) =>
  prop(name, 'ManagedObjectReference', escapeXml(value), ` type="${type}"`);
export const refs = (name: string, items: Array<[string, string]>) =>
  prop(
    name,
    'ArrayOfManagedObjectReference',
    items.map(([t, v]) => mo('ManagedObjectReference', t, v)).join(''),
  );
export const enumProp = (name: string, type: string, value: string) =>
  prop(name, type, value);

/** One `objects` element. */
export function objectContent(
  type: string,
  value: string,
  ...props: string[]
): string {
  return `<objects>${mo('obj', type, value)}${props.join('')}</objects>`;
}

/** A RetrievePropertiesEx / ContinueRetrievePropertiesEx response. */
export function retrieveResult(
  method: 'RetrievePropertiesEx' | 'ContinueRetrievePropertiesEx',
  objects: string[],
  token?: string,
): string {
  return vcResponse(
    method,
    `<returnval>${token ? `<token>${token}</token>` : ''}${objects.join(
      '\n',
    )}</returnval>`,
  );
}

/** A vcsim 0.24.2 RetrievePropertiesEx response, recorded verbatim from the simulator. */
export function recordedVcsimPage(): string {
  return readFileSync(
    join(__dirname, 'recorded', 'vcsim-retrieve-page.xml'),
    'utf8',
  );
}

/** RetrieveServiceContent as vCenter 8.0 U2 answers it (trimmed to what the client reads). */
export const VC_SERVICE_CONTENT = vcResponse(
  'RetrieveServiceContent',
  [
    '<returnval>',
    mo('rootFolder', 'Folder', 'group-d1'),
    mo('propertyCollector', 'PropertyCollector', 'propertyCollector'),
    mo('viewManager', 'ViewManager', 'ViewManager'),
    '<about><name>VMware vCenter Server</name><fullName>VMware vCenter Server 8.0.2 build-22617221</fullName>',
    '<vendor>VMware, Inc.</vendor><version>8.0.2</version><build>22617221</build>',
    '<localeVersion>INTL</localeVersion><localeBuild>000</localeBuild><osType>linux-x64</osType>',
    '<productLineId>vpx</productLineId><apiType>VirtualCenter</apiType><apiVersion>8.0.2.0</apiVersion>',
    '<instanceUuid>0f6b1c4e-1c1f-4e8e-9d0a-2f3f1c0c8a11</instanceUuid></about>',
    mo('sessionManager', 'SessionManager', 'SessionManager'),
    mo('alarmManager', 'AlarmManager', 'AlarmManager'),
    '</returnval>',
  ].join(''),
);

/** Login's UserSession. */
export function vcLoginResponse(
  userName: string,
  key = '52b6a3f1-8e2c-4a55-b1e4-0c4a3a1d7e90',
): string {
  return vcResponse(
    'Login',
    `<returnval><key>${key}</key><userName>${escapeXml(userName)}</userName>` +
      `<fullName>${escapeXml(
        userName,
      )}</fullName><loginTime>2026-11-20T08:00:00.000Z</loginTime>` +
      '<lastActiveTime>2026-11-20T08:00:00.000Z</lastActiveTime><locale>en</locale>' +
      '<messageLocale>en</messageLocale><extensionSession>false</extensionSession>' +
      '<ipAddress>10.0.0.5</ipAddress><userAgent>infra-inventory</userAgent><callCount>0</callCount></returnval>',
  );
}

export const vcSessionCookie = (key: string) =>
  `vmware_soap_session="${key}"; Path=/; HttpOnly; Secure;`;
