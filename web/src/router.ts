// History-API routing in a few lines: a signal holding the location, a table of
// path patterns, and link clicks turned into pushState. preact-iso would add lazy
// loading and SSR hydration the app does not need; this is all it uses.
import { signal } from '@preact/signals';

export const location = signal(currentLocation());

function currentLocation(): { path: string; search: string } {
  if (typeof window === 'undefined') return { path: '/', search: '' };
  return { path: window.location.pathname, search: window.location.search };
}

export function navigate(url: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  location.value = currentLocation();
}

export function startRouter(): void {
  window.addEventListener('popstate', () => {
    location.value = currentLocation();
  });
  // Same-origin links are handled in the page; modified clicks (new tab) and
  // downloads go to the browser as usual.
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = (event.target as Element | null)?.closest?.('a');
    if (!a || a.target !== '' || a.hasAttribute('download')) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    // A link within the page (the skip link, an error summary's) is the browser's to follow.
    if (url.hash !== '' && url.pathname === window.location.pathname && url.search === window.location.search) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}

/** `/areas/:area/people/:id` against a path: the parameters, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const h = have[i] as string;
    if (w.startsWith(':')) {
      try {
        params[w.slice(1)] = decodeURIComponent(h);
      } catch {
        return null;
      }
    } else if (w !== h) return null;
  }
  return params;
}

export function searchParam(name: string): string | null {
  return new URLSearchParams(location.value.search).get(name);
}
