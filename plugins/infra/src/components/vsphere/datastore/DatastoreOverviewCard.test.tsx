import { screen } from '@testing-library/react';
import { fixture, FIXTURE_LOCAL_DS } from '../__testUtils__/entities';
import { field, renderCard } from '../__testUtils__/render';
import { DatastoreOverviewCard } from './DatastoreOverviewCard';

describe('DatastoreOverviewCard', () => {
  it('shows type, URL, capacity, free and provisioned space with bars', async () => {
    await renderCard(<DatastoreOverviewCard />, fixture('lab-datastore-15'));
    expect(field('Type')).toHaveTextContent('vsan');
    expect(field('URL')).toHaveTextContent('ds:///vmfs/volumes/vsan:1/');
    expect(field('Accessible')).toHaveTextContent('Yes');
    expect(field('Maintenance mode')).toHaveTextContent('Normal');
    expect(field('Capacity')).toHaveTextContent('9.1 TiB');
    expect(field('Free')).toHaveTextContent('3.6 TiB');
    // capacity − free + uncommitted = 6e12 + 8e12
    expect(field('Provisioned')).toHaveTextContent('12.7 TiB');

    const used = screen.getByRole('progressbar', { name: 'Used space' });
    expect(used).toHaveAttribute('aria-valuenow', '60');
    expect(used).toHaveAttribute('aria-valuetext', '60%: 5.5 TiB of 9.1 TiB');
    const provisioned = screen.getByRole('progressbar', {
      name: 'Provisioned space',
    });
    expect(provisioned).toHaveAttribute('aria-valuenow', '100');
    expect(provisioned).toHaveAttribute(
      'aria-valuetext',
      '140%: 12.7 TiB of 9.1 TiB',
    );
  });

  it('warns when thin disks could outgrow the datastore', async () => {
    await renderCard(<DatastoreOverviewCard />, fixture('lab-datastore-15'));
    expect(
      screen.getByText('Warning: Over-provisioned: 140% of capacity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/may grow to 12.7 TiB, more than its 9.1 TiB/),
    ).toBeInTheDocument();
  });

  it('does not warn below capacity, and says when vCenter reports no capacity', async () => {
    const ds = fixture('lab-datastore-15');
    const roomy = {
      ...ds,
      spec: {
        ...ds.spec,
        vsphere: { ...(ds.spec!.vsphere as object), uncommittedBytes: 1e12 },
      },
    };
    const { unmount } = await renderCard(<DatastoreOverviewCard />, roomy);
    expect(screen.queryByText(/Over-provisioned/)).not.toBeInTheDocument();
    unmount();

    await renderCard(<DatastoreOverviewCard />, fixture(FIXTURE_LOCAL_DS));
    expect(field('Maintenance mode')).toHaveTextContent('In maintenance');
    expect(
      screen.getByText('vCenter reports no capacity for this datastore.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });
});
