import { VimClient } from '../client';
import { envelope, moRefXml } from '../envelopes';
import type { MoRef } from '../types';
import { textElement } from '../xml';

/**
 * Calls outside the client's read-only surface that vcsim tests need to set the stage.
 */

/** Renames an entity with Rename_Task (vcsim runs the task before it answers). */
export async function renameEntity(
  client: VimClient,
  entity: MoRef,
  newName: string,
) {
  await client.invoke(
    'Rename_Task',
    () =>
      `<Rename_Task xmlns="urn:vim25">${moRefXml('_this', entity)}${textElement(
        'newName',
        newName,
      )}</Rename_Task>`,
  );
}

/**
 * Ends a session behind its client's back, as an administrator or an expiry would: a Logout
 * sent with that session's cookie (vcsim's cookie value is the session key).
 */
export async function logoutUnderneath(
  url: string,
  sessionKey: string,
): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: 'urn:vim25/6.5',
      Cookie: `vmware_soap_session=${sessionKey}`,
    },
    body: envelope(
      `<Logout xmlns="urn:vim25">${moRefXml('_this', {
        type: 'SessionManager',
        value: 'SessionManager',
      })}</Logout>`,
    ),
  });
  await res.text();
  return res.status;
}
