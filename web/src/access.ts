// Which pages a user's roles allow, area by area: the needs and roles of
// docs/security.md ("What each role may see"), so the page offers only what the
// server would answer. The server still checks every request.
import type { Grant, Role } from './api/types';

export type Need =
  | 'survey'
  | 'signed_in' | 'aggregates' | 'network_detail' | 'register_read' | 'register_write'
  | 'directory_read' | 'area_admin' | 'own_record' | 'survey';

const rolesMeeting: Record<Need, readonly Role[]> = {
  signed_in: ['admin', 'researcher', 'link_worker', 'broker', 'coordinator', 'commissioner', 'member'],
  aggregates: ['admin', 'researcher', 'commissioner'],
  network_detail: ['admin', 'researcher'],
  register_read: ['admin', 'researcher'],
  register_write: ['admin', 'researcher'],
  directory_read: ['admin', 'researcher', 'link_worker', 'broker', 'coordinator'],
  area_admin: ['admin'],
  own_record: ['member'],
  survey: ['admin', 'researcher'],
};

/** The roles a user holds in one area; an all-areas admin grant (area null) counts everywhere. */
export function rolesIn(grants: readonly Grant[], area: string): Role[] {
  const out: Role[] = [];
  for (const g of grants) {
    if (g.area === area || (g.area === null && g.role === 'admin')) {
      if (!out.includes(g.role)) out.push(g.role);
    }
  }
  return out;
}

/** Whether one of the user's roles in the area meets the need. own_record is a member's alone. */
export function allows(grants: readonly Grant[], area: string, need: Need): boolean {
  if (need === 'signed_in') return true;
  if (need === 'own_record') return grants.some((g) => g.area === area && g.role === 'member');
  const roles = rolesIn(grants, area);
  return roles.some((r) => rolesMeeting[need].includes(r));
}

/** The areas named in the grants, in grant order; null when an all-areas grant means every area. */
export function grantedAreas(grants: readonly Grant[]): string[] | null {
  if (grants.some((g) => g.area === null)) return null;
  const out: string[] = [];
  for (const g of grants) if (g.area !== null && !out.includes(g.area)) out.push(g.area);
  return out;
}

export interface NavItem {
  label: string;
  /** The page's path within an area (joined to /areas/:area), or an absolute path. */
  path: string;
  need: Need;
  inArea: boolean;
}

/** The main navigation, in order (issue 10's page names). */
export const navItems: readonly NavItem[] = [
  { label: 'Dashboard', path: 'dashboard', need: 'aggregates', inArea: true },
  { label: 'Network map', path: 'map', need: 'network_detail', inArea: true },
  { label: 'People', path: 'people', need: 'register_read', inArea: true },
  { label: 'My record', path: 'me', need: 'own_record', inArea: true },
  { label: 'Groups', path: 'groups', need: 'directory_read', inArea: true },
  { label: 'Places', path: 'places', need: 'directory_read', inArea: true },
  { label: 'Surveys', path: 'surveys', need: 'survey', inArea: true },
  { label: 'Import and export', path: 'import', need: 'register_read', inArea: true },
  { label: 'Users', path: 'users', need: 'area_admin', inArea: true },
  { label: 'Consent', path: 'consent', need: 'register_write', inArea: true },
  { label: 'Account', path: '/account', need: 'signed_in', inArea: false },
];

export function hrefOf(item: NavItem, area: string): string {
  return item.inArea ? `/areas/${encodeURIComponent(area)}/${item.path}` : item.path;
}

/**
 * The navigation a user gets in an area: the items their roles allow, among the pages
 * this build has (`built`, the first path segment of each), so no link leads nowhere.
 */
export function navFor(grants: readonly Grant[], area: string, built: ReadonlySet<string>): NavItem[] {
  return navItems.filter((item) => built.has(item.path) && allows(grants, area, item.need));
}

/** Where to go after signing in with no page asked for: the first page the roles allow. */
export function landingPath(grants: readonly Grant[], area: string | null, built: ReadonlySet<string>): string {
  if (area === null) return '/account';
  const first = navFor(grants, area, built)[0];
  return first ? hrefOf(first, area) : '/account';
}

/**
 * A `next` a sign-in may go to: a path on this site only (no scheme, no `//host`,
 * no backslash tricks), and never the sign-in page itself.
 */
export function safeNext(next: string | null): string | null {
  if (next === null || next === '') return null;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return null;
  if (next === '/sign-in' || next.startsWith('/sign-in?') || next === '/') return null;
  return next;
}
