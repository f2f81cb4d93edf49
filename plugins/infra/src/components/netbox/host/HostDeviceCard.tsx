import {
  InfoCard,
  Link,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { EmptyText, Field, Fields } from '../../common/Fields';
import { hostFields } from '../../vsphere/entityFields';
import { deviceLink, safeUrl } from '../netboxFields';
import { UrlList } from '../NetboxLabels';

/**
 * The NetBox device of a host, matched by serial number: name (linking to NetBox), site, rack and
 * position, all from the host's annotations: no catalog call. Ambiguous and unmatched serials are
 * said as such, never guessed.
 */
export function HostDeviceCard() {
  const { entity } = useEntity();
  const d = deviceLink(entity);
  const { serial } = hostFields(entity);
  const candidates = d.candidates.map(safeUrl).filter((u): u is string => !!u);

  if (d.match === 'linked' || d.url) {
    return (
      <InfoCard title="NetBox device">
        <Fields>
          <Field label="Device">
            {d.url ? (
              <Link
                to={d.url}
                aria-label={`Open device ${d.name ?? ''} in NetBox`}
              >
                {d.name ?? d.url}
              </Link>
            ) : (
              d.name
            )}
          </Field>
          <Field label="Match">
            <StatusOK>Linked by serial {serial}</StatusOK>
          </Field>
          <Field label="Site">{d.site}</Field>
          <Field label="Rack">{d.rack}</Field>
          <Field label="Position">{d.position && `U${d.position}`}</Field>
        </Fields>
      </InfoCard>
    );
  }

  if (d.match === 'ambiguous' || candidates.length) {
    return (
      <InfoCard title="NetBox device">
        <Fields>
          <Field label="Match" md={12}>
            <StatusWarning>
              Ambiguous: serial {serial} is on {candidates.length || 'several'}{' '}
              NetBox devices, none linked
            </StatusWarning>
          </Field>
          <Field label="Candidate devices" md={12}>
            <UrlList urls={candidates} />
          </Field>
        </Fields>
        <EmptyText>
          Give the serial number to one device only in NetBox to link it.
        </EmptyText>
      </InfoCard>
    );
  }

  if (d.match === 'no-serial') {
    return (
      <InfoCard title="NetBox device">
        <Fields>
          <Field label="Match" md={12}>
            <StatusWarning>
              No serial: vSphere reports no serial number for this host
            </StatusWarning>
          </Field>
        </Fields>
        <EmptyText>
          Hosts are matched to NetBox devices by serial number only, so this
          host is not linked.
        </EmptyText>
      </InfoCard>
    );
  }

  return (
    <InfoCard title="NetBox device">
      <Fields>
        <Field label="Match" md={12}>
          <StatusWarning>
            Unmatched: no NetBox device has serial {serial ?? '(none)'}
          </StatusWarning>
        </Field>
      </Fields>
    </InfoCard>
  );
}
