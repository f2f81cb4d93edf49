import { Progress } from '@backstage/core-components';
import { NETBOX_ENTITY_TYPES } from '@infra-inventory/plugin-infra-common';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ErrorState } from '../../common/errors';
import { EmptyText, SectionTitle } from '../../common/Fields';
import { EntityLink } from '../../vsphere/EntityLinks';
import { Entity, entityRef } from '../../vsphere/entityFields';
import { NetboxStatus, PrefixTable, TruncatedNote } from '../NetboxLabels';
import {
  netboxType,
  siteFields,
  sortByPrefix,
  sortByVid,
  vlanFields,
} from '../netboxFields';
import type { NetboxContents } from '../queries';

/** VLANs with id, group and status; the label names the table for screen readers. */
export function VlanTable(props: { vlans: Entity[]; label: string }) {
  if (props.vlans.length === 0) {
    return <EmptyText>No VLANs in the catalog.</EmptyText>;
  }
  return (
    <MuiTable size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell align="right">ID</TableCell>
          <TableCell>VLAN</TableCell>
          <TableCell>VLAN group</TableCell>
          <TableCell>Status</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.vlans.map(v => {
          const f = vlanFields(v);
          return (
            <TableRow key={entityRef(v)}>
              <TableCell align="right">{f.vid ?? '—'}</TableCell>
              <TableCell>
                <EntityLink entity={v} />
              </TableCell>
              <TableCell>{f.vlanGroup ?? '—'}</TableCell>
              <TableCell>
                <NetboxStatus status={f.status} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </MuiTable>
  );
}

/** Sites by name with their status. */
export function SiteTable(props: { sites: Entity[]; label: string }) {
  if (props.sites.length === 0) {
    return <EmptyText>No sites in the catalog.</EmptyText>;
  }
  const sites = [...props.sites].sort((a, b) =>
    (a.metadata.title ?? a.metadata.name).localeCompare(
      b.metadata.title ?? b.metadata.name,
    ),
  );
  return (
    <MuiTable size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>Site</TableCell>
          <TableCell>Status</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {sites.map(s => (
          <TableRow key={entityRef(s)}>
            <TableCell>
              <EntityLink entity={s} />
            </TableCell>
            <TableCell>
              <NetboxStatus status={siteFields(s).status} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </MuiTable>
  );
}

/** The entities of one NetBox type among the contents. */
export const ofNetboxType = (items: Entity[], type: string) =>
  items.filter(e => netboxType(e) === type);

type Section = 'sites' | 'vlans' | 'prefixes';

/**
 * The lists of a site, site group or tenant card from its one contents query: progress and
 * failure said once for all of them, the cut-off note once under them.
 */
export function ContentsSections(props: {
  state: { value?: NetboxContents; loading: boolean; error?: Error };
  sections: Section[];
  /** "this site", "this tenant": the table labels. */
  of: string;
}) {
  const { state, sections, of } = props;
  if (state.loading) return <Progress aria-label="Loading the contents" />;
  if (state.error) {
    return (
      <ErrorState title="Could not load the contents" error={state.error} />
    );
  }
  const items = state.value?.items ?? [];
  const T = NETBOX_ENTITY_TYPES;
  return (
    <>
      {sections.includes('sites') && (
        <>
          <SectionTitle>Sites</SectionTitle>
          <SiteTable
            sites={ofNetboxType(items, T.site)}
            label={`Sites of ${of}`}
          />
        </>
      )}
      {sections.includes('vlans') && (
        <>
          <SectionTitle>VLANs</SectionTitle>
          <VlanTable
            vlans={sortByVid(ofNetboxType(items, T.vlan))}
            label={`VLANs of ${of}`}
          />
        </>
      )}
      {sections.includes('prefixes') && (
        <>
          <SectionTitle>Prefixes</SectionTitle>
          <PrefixTable
            prefixes={sortByPrefix(ofNetboxType(items, T.prefix))}
            label={`Prefixes of ${of}`}
          />
        </>
      )}
      <TruncatedNote shown={items.length} total={state.value?.totalItems} />
    </>
  );
}
