import { InputError } from '@backstage/errors';
import { formatMac, MacStyle } from '@infra-inventory/plugin-infra-common';

/**
 * Command arguments, re-validated at the last step before they are written into a command line:
 * whatever the caller checked before, only 12 lower-case hex digits and whole VLAN ids pass.
 */
export function macArgument(mac12: string, style: MacStyle): string {
  if (typeof mac12 !== 'string' || !/^[0-9a-f]{12}$/.test(mac12)) {
    throw new InputError(
      `Refusing to build a switch command: MAC must be 12 lower-case hex digits, got ${JSON.stringify(
        String(mac12).slice(0, 40),
      )}`,
    );
  }
  return formatMac(mac12, style);
}

export function vlanArgument(vlan: number | undefined): number | undefined {
  if (vlan === undefined) return undefined;
  if (
    typeof vlan !== 'number' ||
    !Number.isInteger(vlan) ||
    vlan < 1 ||
    vlan > 4094
  ) {
    throw new InputError(
      `Refusing to build a switch command: VLAN must be an integer 1-4094, got ${JSON.stringify(
        String(vlan).slice(0, 40),
      )}`,
    );
  }
  return vlan;
}

/** " vlan N" when a VLAN was given, else "". */
export function vlanSuffix(vlan: number | undefined, keyword = 'vlan'): string {
  const v = vlanArgument(vlan);
  return v === undefined ? '' : ` ${keyword} ${v}`;
}
