// What every page shares: the title rule ("PAGE – AREA NAME – kith") and a loading
// and error state that says what is happening in words.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { messageFor } from './api/errors';
import { areaName } from './session';

export function titleFor(page: string, area: string | null): string {
  return area ? `${page} – ${area} – kith` : `${page} – kith`;
}

export function usePageTitle(page: string, area?: string): void {
  const name = area ? areaName(area) : null;
  useEffect(() => {
    document.title = titleFor(page, name);
  }, [page, name]);
}

export type Load<T> = { state: 'loading' } | { state: 'done'; value: T } | { state: 'failed'; error: unknown };

/** Runs `load` when `deps` change; a later answer replaces an earlier one only if still wanted. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): [Load<T>, () => void] {
  const [result, setResult] = useState<Load<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const lastTick = useRef(0);
  useEffect(() => {
    let current = true;
    // A reload (after a change on the page) keeps showing what was there until the
    // new answer comes, so forms below keep their state, their message and the focus.
    const reloading = tick !== lastTick.current;
    lastTick.current = tick;
    setResult((r) => (reloading && r.state === 'done' ? r : { state: 'loading' }));
    load().then(
      (value) => current && setResult({ state: 'done', value }),
      (error) => current && setResult({ state: 'failed', error }),
    );
    return () => {
      current = false;
    };
  }, [...deps, tick]);
  return [result, () => setTick((t) => t + 1)];
}

export function Loading({ what }: { what: string }) {
  return <p class="loading" role="status">Loading {what}…</p>;
}

export function Failed({ error }: { error: unknown }) {
  return (
    <div class="notice notice--error" role="alert">
      <p>{messageFor(error)}</p>
    </div>
  );
}

/** Shows the loading state, the error, or the loaded value through `children`. */
export function Loaded<T>({ load, what, children }: { load: Load<T>; what: string; children: (v: T) => ComponentChildren }) {
  if (load.state === 'loading') return <Loading what={what} />;
  if (load.state === 'failed') return <Failed error={load.error} />;
  return <>{children(load.value)}</>;
}
