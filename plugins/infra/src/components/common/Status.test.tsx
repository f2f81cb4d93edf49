import { renderInTestApp } from '@backstage/frontend-test-utils';
import { StatusWarning as BackstageWarning } from '@backstage/core-components';
import { screen } from '@testing-library/react';
import { StatusError, StatusOK, StatusWarning } from './Status';

describe('Status labels', () => {
  it('expose their text to screen readers, unlike the core-components ones', async () => {
    await renderInTestApp(
      <>
        <StatusOK>Connected</StatusOK>
        <StatusWarning>Stale, as of noon</StatusWarning>
        <StatusError>Not accessible</StatusError>
        <BackstageWarning>Hidden original</BackstageWarning>
      </>,
    );
    for (const text of ['Connected', 'Stale, as of noon', 'Not accessible']) {
      const label = screen.getByText(text);
      expect(label.closest('[aria-hidden="true"]')).toBeNull();
      expect(label).not.toHaveAttribute('aria-label');
    }
    // the reason for the wrapper: the original hides its text
    expect(
      screen.getByText('Hidden original').closest('[aria-hidden="true"]'),
    ).not.toBeNull();
    // the icons keep their colour-coded test ids and stay decorative
    expect(screen.getByTestId('status-ok')).toHaveAttribute(
      'aria-hidden',
      'true',
    );
  });
});
