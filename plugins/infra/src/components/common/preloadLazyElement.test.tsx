import { render, screen } from '@testing-library/react';
import { lazy, ReactNode, Suspense } from 'react';
import { preloadLazyElement } from './preloadLazyElement';

function Boundary(props: { children: ReactNode }) {
  return <Suspense fallback={<p>loading</p>}>{props.children}</Suspense>;
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

describe('preloadLazyElement', () => {
  it('loads the lazy component inside a boundary once, and React then renders it without suspending', async () => {
    const loader = jest.fn(async () => ({ default: () => <p>card</p> }));
    const Card = lazy(loader);
    const element = (
      <Boundary>
        <Card />
      </Boundary>
    );

    expect(preloadLazyElement(element)).toBe(true);
    expect(loader).toHaveBeenCalledTimes(1);
    await settle();

    render(element);
    expect(screen.getByText('card')).toBeInTheDocument();
    expect(screen.queryByText('loading')).not.toBeInTheDocument();
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('starts nothing twice, and leaves a failed load for React to show', async () => {
    const loader = jest.fn(() => Promise.reject(new Error('offline')));
    const Card = lazy(loader);

    expect(preloadLazyElement(<Card />)).toBe(true);
    await settle();
    expect(preloadLazyElement(<Card />)).toBe(true);
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('leaves anything that is not a lazy element alone', () => {
    expect(preloadLazyElement(<p>plain</p>)).toBe(false);
    expect(preloadLazyElement('text')).toBe(false);
    expect(preloadLazyElement(undefined)).toBe(false);
  });
});
