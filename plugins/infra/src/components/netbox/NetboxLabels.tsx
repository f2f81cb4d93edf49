import {
  Link,
  StatusAborted,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Fragment } from 'react';
import { EmptyText } from '../common/Fields';
import { humanize } from '../common/format';
import { EntityLink } from '../vsphere/EntityLinks';
import { Entity, entityRef } from '../vsphere/entityFields';
import { netboxIdentity, prefixFields } from './netboxFields';

/** A NetBox object's status (`active`, `reserved`, `deprecated`, `container`) in words and colour. */
export function NetboxStatus(props: { status?: string }) {
  const { status } = props;
  if (!status) return null;
  const text = humanize(status);
  switch (status) {
    case 'active':
      return <StatusOK>{text}</StatusOK>;
    case 'deprecated':
      return <StatusWarning>{text}</StatusWarning>;
    case 'reserved':
    case 'container':
      return <StatusPending>{text}</StatusPending>;
    default:
      return <StatusAborted>{text}</StatusAborted>;
  }
}

/** "Open in NetBox", opening the object's NetBox page; the label says what it opens. */
export function NetboxLink(props: { url?: string; what: string }) {
  if (!props.url) return null;
  return (
    <Link to={props.url} aria-label={`Open ${props.what} in NetBox`}>
      Open in NetBox
    </Link>
  );
}

/** Comma-separated links to NetBox pages, such as the candidates of an ambiguous match. */
export function UrlList(props: { urls: string[] }) {
  return (
    <>
      {props.urls.map((u, i) => (
        <Fragment key={u}>
          {i > 0 && ', '}
          <Link to={u}>{u}</Link>
        </Fragment>
      ))}
    </>
  );
}

/**
 * A name linking to its entity when the relations name one (no lookup: the name is on the page's
 * entity already); undefined without a name, so the field shows a dash.
 */
export function refName(name: string | undefined, ref: string | undefined) {
  if (!name || !ref) return name;
  return <EntityRefLink entityRef={ref}>{name}</EntityRefLink>;
}

/** The card subheader of a NetBox object: its instance. */
export function instanceSubheader(entity: Entity): string | undefined {
  const { instance } = netboxIdentity(entity);
  return instance && `NetBox ${instance}`;
}

/** `45%`, or nothing when NetBox's utilisation is not on the entity. */
export function formatUtilization(percent: number | undefined) {
  return percent === undefined ? undefined : `${Math.round(percent)}%`;
}

function yesNo(value: boolean | undefined): string {
  if (value === undefined) return '—';
  return value ? 'Yes' : 'No';
}

/** Prefixes with status, site/site group and (when known) utilisation and DHCP. */
export function PrefixTable(props: { prefixes: Entity[]; label: string }) {
  const { prefixes, label } = props;
  if (prefixes.length === 0) {
    return <EmptyText>No prefixes in the catalog.</EmptyText>;
  }
  const fields = prefixes.map(p => prefixFields(p));
  const withUtilization = fields.some(f => f.utilization !== undefined);
  const withDhcp = fields.some(f => f.dhcp !== undefined);
  return (
    <MuiTable size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Prefix</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Site / site group</TableCell>
          {withUtilization && <TableCell>Utilisation</TableCell>}
          {withDhcp && <TableCell>DHCP</TableCell>}
        </TableRow>
      </TableHead>
      <TableBody>
        {prefixes.map((p, i) => {
          const f = fields[i];
          return (
            <TableRow key={entityRef(p)}>
              <TableCell>
                <EntityLink entity={p} />
              </TableCell>
              <TableCell>
                <NetboxStatus status={f.status} />
              </TableCell>
              <TableCell>{f.site ?? f.siteGroup ?? '—'}</TableCell>
              {withUtilization && (
                <TableCell>{formatUtilization(f.utilization) ?? '—'}</TableCell>
              )}
              {withDhcp && <TableCell>{yesNo(f.dhcp)}</TableCell>}
            </TableRow>
          );
        })}
      </TableBody>
    </MuiTable>
  );
}

/** "Showing the first 500 of 812", when a list card was cut at its limit. */
export function TruncatedNote(props: { shown: number; total?: number }) {
  const { shown, total } = props;
  if (total === undefined || total <= shown) return null;
  return (
    <EmptyText>
      Showing the first {shown} of {total}.
    </EmptyText>
  );
}
