import { InputError } from '@backstage/errors';
import { SwitchDriver, SwitchPlatformId } from '../types';
import { aristaEosDriver } from './aristaEos';
import { arubaAoscxDriver } from './arubaAoscx';
import { ciscoIosDriver } from './ciscoIos';
import { ciscoNxosDriver } from './ciscoNxos';
import { dellNseriesDriver } from './dellNseries';
import { dellOs10Driver } from './dellOs10';
import { dellOs9Driver } from './dellOs9';
import { dellPowerconnectDriver } from './dellPowerconnect';
import { hpProcurveDriver } from './hpProcurve';
import { juniperJunosDriver } from './juniperJunos';

/** Every supported platform's driver, by platform id. */
export const switchDrivers: Readonly<Record<SwitchPlatformId, SwitchDriver>> =
  Object.freeze({
    dell_os10: dellOs10Driver,
    dell_os9: dellOs9Driver,
    dell_nseries: dellNseriesDriver,
    dell_powerconnect: dellPowerconnectDriver,
    cisco_ios: ciscoIosDriver,
    cisco_nxos: ciscoNxosDriver,
    arista_eos: aristaEosDriver,
    juniper_junos: juniperJunosDriver,
    hp_procurve: hpProcurveDriver,
    aruba_aoscx: arubaAoscxDriver,
  });

export const switchPlatformIds = Object.keys(
  switchDrivers,
) as SwitchPlatformId[];

export function isSwitchPlatformId(id: string): id is SwitchPlatformId {
  return Object.prototype.hasOwnProperty.call(switchDrivers, id);
}

/** The driver for a platform id from configuration. @throws InputError for an unknown id */
export function getSwitchDriver(id: string): SwitchDriver {
  if (!isSwitchPlatformId(id)) {
    throw new InputError(
      `Unknown switch platform ${JSON.stringify(
        id,
      )}; expected one of ${switchPlatformIds.join(', ')}`,
    );
  }
  return switchDrivers[id];
}
