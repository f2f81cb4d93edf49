import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Fragment, ReactNode } from 'react';
import { displayName, Entity, entityRef } from './entityFields';

/** A link to a vSphere entity under its real name, without another catalog lookup. */
export function EntityLink(props: { entity: Entity }) {
  return (
    <EntityRefLink entityRef={entityRef(props.entity)}>
      {displayName(props.entity)}
    </EntityRefLink>
  );
}

/** Comma-separated links, with an optional note after each (such as a VLAN). */
export function EntityLinkList(props: {
  entities: Entity[];
  note?: (entity: Entity) => string | undefined;
}) {
  const { entities, note } = props;
  return (
    <>
      {entities.map((e, i) => {
        const extra = note?.(e);
        return (
          <Fragment key={entityRef(e)}>
            {i > 0 && ', '}
            <EntityLink entity={e} />
            {extra && ` (${extra})`}
          </Fragment>
        );
      })}
    </>
  );
}

/** A table cell: the entity link (and badges) over a secondary line, such as a model or guest OS. */
export function NameCell(props: {
  entity: Entity;
  secondary?: string;
  badge?: ReactNode;
}) {
  return (
    <>
      <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
        <EntityLink entity={props.entity} />
        {props.badge}
      </Box>
      {props.secondary && (
        <Typography variant="caption" color="textSecondary" component="div">
          {props.secondary}
        </Typography>
      )}
    </>
  );
}
