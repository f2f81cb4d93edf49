import { startVcsim } from '@internal/infra-test-utils';
import { median, round, timeRuns } from '../lib/stats';
import { BenchSuite } from '../lib/types';

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:vim25="urn:vim25"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

/**
 * The test double every vSphere figure is measured against: how long vcsim takes to come up, and
 * the floor of one SOAP round trip on this machine.
 */
export const vcsimSuite: BenchSuite = {
  name: 'vcsim',
  description:
    'The simulator baseline: vcsim start time per topology and the median RetrieveServiceContent round trip (the floor under every SOAP call).',
  async run({ smoke, log }) {
    const topologies = smoke
      ? (['small'] as const)
      : (['small', 'vms1500'] as const);
    const scenarios: Record<string, Record<string, number>> = {};
    for (const topology of topologies) {
      const started = Date.now();
      const vc = await startVcsim({ topology });
      const startMs = Date.now() - started;
      try {
        const body = envelope(
          '<vim25:RetrieveServiceContent><vim25:_this type="ServiceInstance">ServiceInstance</vim25:_this></vim25:RetrieveServiceContent>',
        );
        const call = async () => {
          const res = await fetch(vc.url, {
            method: 'POST',
            headers: {
              'content-type': 'text/xml; charset=utf-8',
              soapaction: 'urn:vim25/8.0',
            },
            body,
          });
          if (!res.ok) throw new Error(`vcsim answered ${res.status}`);
          await res.text();
        };
        await call();
        const samples = await timeRuns(smoke ? 5 : 50, call);
        scenarios[`start-${topology}`] = {
          startMs,
          roundTripMedianMs: round(median(samples), 2),
        };
        log(
          `${topology}: up in ${startMs} ms, round trip ${round(
            median(samples),
            2,
          )} ms`,
        );
      } finally {
        await vc.stop();
      }
    }
    return scenarios;
  },
};
