// Whether a route may open for the user: signed out → sign in (with `next`);
// an area not among theirs → not found; a role that does not allow it → a page
// saying so. The server checks again; this only keeps the page honest.
import { allows, type Need } from './access';
import type { Grant } from './api/types';

export type GuardResult = 'open' | 'sign-in' | 'not-found' | 'forbidden';

export function guard(
  need: Need | 'public',
  signedIn: boolean,
  grants: readonly Grant[],
  area: string | null,
  knownAreas: readonly string[],
): GuardResult {
  if (need === 'public') return 'open';
  if (!signedIn) return 'sign-in';
  if (area !== null) {
    if (!knownAreas.includes(area)) return 'not-found';
    return allows(grants, area, need) ? 'open' : 'forbidden';
  }
  return 'open';
}

export function signInUrl(pathAndSearch: string): string {
  return `/sign-in?next=${encodeURIComponent(pathAndSearch)}`;
}
