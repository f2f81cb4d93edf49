import {
  InfoCard,
  Link,
  Progress,
  StatusWarning,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import MuiTable from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ErrorState } from '../../common/errors';
import { EmptyText, Field, Fields, SectionTitle } from '../../common/Fields';
import { EntityLink, EntityLinkList } from '../../vsphere/EntityLinks';
import {
  Entity,
  entityRef,
  isTemplate,
  networkFields,
  relationRefs,
  sortByName,
} from '../../vsphere/entityFields';
import {
  ambiguousVlanRefs,
  netboxMatch,
  safeUrl,
  sortByPrefix,
  vmLink,
} from '../netboxFields';
import { UrlList } from '../NetboxLabels';
import { useVmNetbox, VmNetbox } from '../queries';

/** What the NetBox VLAN column says for a network without exactly one linked VLAN. */
function unlinkedText(network: Entity, candidates: Entity[]) {
  const match = netboxMatch(network);
  const { vlan, vlanId } = networkFields(network);
  if (match === 'ambiguous') {
    return (
      <>
        <StatusWarning>
          Ambiguous: VLAN {vlanId} is in {candidates.length || 'several'} groups
        </StatusWarning>{' '}
        <EntityLinkList entities={candidates} />
      </>
    );
  }
  if (match === 'unmatched') return `VLAN ${vlanId} is not in NetBox`;
  if (vlan && vlanId === undefined) return 'Not a single VLAN (not linked)';
  if (vlanId === 0) return 'Untagged';
  return 'Not linked';
}

function NetworkRows(props: { data: VmNetbox }) {
  const { data } = props;
  const networks = sortByName(data.networks);
  if (networks.length === 0) {
    return <EmptyText>No networks of this VM in the catalog.</EmptyText>;
  }
  return (
    <MuiTable size="small" aria-label="NetBox VLANs of the VM's networks">
      <TableHead>
        <TableRow>
          <TableCell>Port group / network</TableCell>
          <TableCell>vSphere VLAN</TableCell>
          <TableCell>NetBox VLAN</TableCell>
          <TableCell>Prefixes</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {networks.map(n => {
          const deps = relationRefs(n, 'dependsOn');
          const vlans = data.vlans.filter(v => deps.includes(entityRef(v)));
          const vlanRefs = vlans.map(entityRef);
          const prefixes = sortByPrefix(
            data.prefixes.filter(p =>
              relationRefs(p, 'dependsOn').some(r => vlanRefs.includes(r)),
            ),
          );
          const candidates = ambiguousVlanRefs(n);
          return (
            <TableRow key={entityRef(n)}>
              <TableCell>
                <EntityLink entity={n} />
              </TableCell>
              <TableCell>{networkFields(n).vlan ?? '—'}</TableCell>
              <TableCell>
                {vlans.length > 0 ? (
                  <EntityLinkList entities={vlans} />
                ) : (
                  unlinkedText(
                    n,
                    data.candidates.filter(c =>
                      candidates.includes(entityRef(c)),
                    ),
                  )
                )}
              </TableCell>
              <TableCell>
                {prefixes.length > 0 ? (
                  <EntityLinkList entities={prefixes} />
                ) : (
                  '—'
                )}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </MuiTable>
  );
}

/** The NetBox VM: linked, ambiguous (candidates listed, none chosen) or unmatched. */
function NetboxVm(props: { vm: Entity }) {
  const { url, candidates, match } = vmLink(props.vm);
  if (url) {
    return (
      <Link to={url} aria-label="Open the NetBox VM">
        {url}
      </Link>
    );
  }
  const links = candidates.map(safeUrl).filter((u): u is string => !!u);
  if (links.length) {
    return (
      <>
        <StatusWarning>
          Ambiguous: {links.length} NetBox VMs match, none linked
        </StatusWarning>{' '}
        <UrlList urls={links} />
      </>
    );
  }
  // VM linking labels every VM it tries: no label means it is off for this vCenter
  return match ? (
    <>No NetBox VM matched</>
  ) : (
    <>Not looked up (VM linking off)</>
  );
}

/**
 * The VM's networks with the NetBox VLAN each is linked to and that VLAN's prefixes, and the
 * NetBox VM this VM is matched to. Two catalog calls, not one: see {@link useVmNetbox}.
 */
export function VmNetboxCard() {
  const { entity } = useEntity();
  const { value, loading, error } = useVmNetbox(entity);
  return (
    <InfoCard title="Network (NetBox)">
      {!isTemplate(entity) && (
        <Fields>
          <Field label="NetBox VM" md={12}>
            <NetboxVm vm={entity} />
          </Field>
        </Fields>
      )}
      <SectionTitle>Networks</SectionTitle>
      {loading && <Progress aria-label="Loading NetBox VLANs and prefixes" />}
      {error && (
        <ErrorState
          title="Could not load NetBox VLANs and prefixes"
          error={error}
        />
      )}
      {value && <NetworkRows data={value} />}
    </InfoCard>
  );
}
