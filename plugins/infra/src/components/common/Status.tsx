/**
 * Backstage's status labels, readable by screen readers. core-components renders them with
 * `aria-hidden="true"` and `aria-label="Status ok"`, so a screen reader hears neither the text nor
 * the state; here the text is exposed and the icon alone stays hidden.
 */
import {
  StatusAborted as BackstageAborted,
  StatusError as BackstageError,
  StatusOK as BackstageOK,
  StatusPending as BackstagePending,
  StatusRunning as BackstageRunning,
  StatusWarning as BackstageWarning,
} from '@backstage/core-components';
import { ComponentType, ReactNode } from 'react';

type StatusProps = { children?: ReactNode };

function readable(Status: ComponentType<any>) {
  return function ReadableStatus(props: StatusProps) {
    return (
      <Status aria-hidden={undefined} aria-label={undefined}>
        {props.children}
      </Status>
    );
  };
}

/** Green check and text. */
export const StatusOK = readable(BackstageOK);
/** Amber warning sign and text. */
export const StatusWarning = readable(BackstageWarning);
/** Red error sign and text. */
export const StatusError = readable(BackstageError);
/** Grey pending sign and text. */
export const StatusPending = readable(BackstagePending);
/** Grey running sign and text. */
export const StatusRunning = readable(BackstageRunning);
/** Grey aborted sign and text. */
export const StatusAborted = readable(BackstageAborted);
