import { DEFAULT_EPG_NAME_PATTERN } from '@infra-inventory/plugin-infra-common';
import { segments } from './__testUtils__/fixtures';
import { checkUpdate, formErrorsOf, valuesOf } from './form';

const pattern = new RegExp(DEFAULT_EPG_NAME_PATTERN);

describe('formErrorsOf', () => {
  it('puts update and create errors under their field, without the field name in front', () => {
    expect(
      formErrorsOf([
        {
          index: 0,
          id: 11,
          field: 'changes.vlan_id',
          message: 'changes.vlan_id 0 is outside the VLAN id range 1-4094',
        },
        {
          index: 0,
          field: 'prefix',
          message:
            'prefix: NetBox says Duplicate prefix found in VRF prod: 10.1.0.0/24',
        },
        { field: 'item', message: 'NetBox rejected the batch: 500' },
      ]),
    ).toEqual({
      fields: {
        vlan_id: '0 is outside the VLAN id range 1-4094',
        prefix: 'NetBox says Duplicate prefix found in VRF prod: 10.1.0.0/24',
      },
      form: ['NetBox rejected the batch: 500'],
    });
  });
});

describe('checkUpdate', () => {
  const segment = segments[1];

  it('sees the same network written differently as no change', () => {
    const values = { ...valuesOf(segment), prefix: '2001:0DB8:0001::/64' };
    expect(checkUpdate(segment, values, pattern).unchanged).toBe(true);
  });

  it('sends only what changed, and checks it', () => {
    expect(
      checkUpdate(
        segment,
        { ...valuesOf(segment), vlan_id: '131', dhcp: true },
        pattern,
      ).update,
    ).toEqual({ id: 12, changes: { vlan_id: 131, dhcp: true } });
    expect(
      checkUpdate(segment, { ...valuesOf(segment), vlan_id: '13a' }, pattern)
        .errors.fields,
    ).toEqual({ vlan_id: 'must be a whole number from 1 to 4094' });
  });
});
