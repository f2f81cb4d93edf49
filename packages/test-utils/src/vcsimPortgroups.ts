import { RunningVcsim } from './vcsim/launcher';

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Gives vcsim's distributed portgroups VLAN ids (vcsim creates them all with VLAN 0), through
 * plain vim25 SOAP: Login, ReconfigureDVPortgroup_Task per portgroup, and a wait for each task.
 * Call it before anything reads the inventory: vcsim's ReconfigureDVPortgroup does not tell its
 * property collector, so live readers would not see the change.
 *
 * @param vlans managed object id (`dvportgroup-13`) to VLAN id
 */
export async function setVcsimPortgroupVlans(
  vcsim: RunningVcsim,
  vlans: Record<string, number>,
): Promise<void> {
  let cookie = '';
  const call = async (body: string): Promise<string> => {
    const res = await fetch(vcsim.url, {
      method: 'POST',
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        soapaction: 'urn:vim25/8.0',
        ...(cookie ? { cookie } : {}),
      },
      body: envelope(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`vcsim answered ${res.status}: ${text}`);
    const session = /vmware_soap_session="?([^";]+)"?/.exec(
      res.headers.get('set-cookie') ?? '',
    );
    if (session) cookie = `vmware_soap_session="${session[1]}"`;
    return text;
  };
  await call(
    `<Login xmlns="urn:vim25"><_this type="SessionManager">SessionManager</_this><userName>${escape(
      vcsim.username,
    )}</userName><password>${escape(vcsim.password)}</password></Login>`,
  );
  try {
    for (const [moid, vid] of Object.entries(vlans)) {
      const answer = await call(
        `<ReconfigureDVPortgroup_Task xmlns="urn:vim25"><_this type="DistributedVirtualPortgroup">${moid}</_this><spec><defaultPortConfig xsi:type="VMwareDVSPortSetting"><vlan xsi:type="VmwareDistributedVirtualSwitchVlanIdSpec"><inherited>false</inherited><vlanId>${vid}</vlanId></vlan></defaultPortConfig></spec></ReconfigureDVPortgroup_Task>`,
      );
      const task = /<returnval type="Task">([^<]+)<\/returnval>/.exec(
        answer,
      )?.[1];
      if (!task) throw new Error(`no task for ${moid}: ${answer}`);
      for (let i = 0; ; i++) {
        const info = await call(
          `<RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">propertyCollector</_this><specSet><propSet><type>Task</type><pathSet>info.state</pathSet></propSet><objectSet><obj type="Task">${task}</obj></objectSet></specSet><options/></RetrievePropertiesEx>`,
        );
        const state = /<name>info\.state<\/name><val[^>]*>(\w+)<\/val>/.exec(
          info,
        )?.[1];
        if (state === 'success') break;
        if (state === 'error' || i >= 100) {
          throw new Error(`ReconfigureDVPortgroup ${moid}: ${info}`);
        }
        await new Promise(r => setTimeout(r, 50));
      }
    }
  } finally {
    await call(
      `<Logout xmlns="urn:vim25"><_this type="SessionManager">SessionManager</_this></Logout>`,
    ).catch(() => undefined);
  }
}
