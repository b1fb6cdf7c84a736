import { describe, expect, it } from 'vitest';
import { allows, landingPath, navFor, safeNext } from './access';
import type { Grant } from './api/types';
import { guard, signInUrl } from './guard';

const A = 'ar_1';
const B = 'ar_2';
const every = new Set(['dashboard', 'map', 'people', 'me', 'groups', 'places', 'surveys', 'import', 'users', 'consent', '/account']);
const labels = (g: Grant[], built = every) => navFor(g, A, built).map((i) => i.label);

// The expected lists are read off docs/security.md's table of needs by hand.
describe('navFor', () => {
  it('gives a commissioner the dashboard and account only', () => {
    expect(labels([{ role: 'commissioner', area: A }])).toEqual(['Dashboard', 'Account']);
  });
  it('gives a member their record and account', () => {
    expect(labels([{ role: 'member', area: A }])).toEqual(['My record', 'Account']);
  });
  it('gives link workers, brokers and coordinators the directory', () => {
    for (const role of ['link_worker', 'broker', 'coordinator'] as const) {
      expect(labels([{ role, area: A }])).toEqual(['Groups', 'Places', 'Account']);
    }
  });
  it('gives a researcher everything but users and my record', () => {
    expect(labels([{ role: 'researcher', area: A }])).toEqual(['Dashboard', 'Network map', 'People', 'Groups', 'Places', 'Surveys', 'Import and export', 'Consent', 'Account']);
  });
  it('gives an all-areas admin every page but a member’s own record, in any area', () => {
    expect(labels([{ role: 'admin', area: null }])).toEqual(['Dashboard', 'Network map', 'People', 'Groups', 'Places', 'Surveys', 'Import and export', 'Users', 'Consent', 'Account']);
  });
  it('counts only the grants of the area asked about', () => {
    expect(labels([{ role: 'researcher', area: B }])).toEqual(['Account']);
  });
  it('offers only pages this build has', () => {
    expect(labels([{ role: 'admin', area: A }], new Set(['people', '/account']))).toEqual(['People', 'Account']);
  });
});

describe('allows', () => {
  it('keeps own_record for members, even from an all-areas admin', () => {
    expect(allows([{ role: 'admin', area: null }], A, 'own_record')).toBe(false);
    expect(allows([{ role: 'member', area: A }], A, 'own_record')).toBe(true);
  });
});

describe('landingPath', () => {
  it('opens the first page the roles allow', () => {
    expect(landingPath([{ role: 'admin', area: A }], A, every)).toBe('/areas/ar_1/dashboard');
    expect(landingPath([{ role: 'member', area: A }], A, every)).toBe('/areas/ar_1/me');
    expect(landingPath([{ role: 'link_worker', area: A }], A, every)).toBe('/areas/ar_1/groups');
    expect(landingPath([{ role: 'admin', area: null }], null, every)).toBe('/account');
  });
});

describe('safeNext', () => {
  it('accepts a path on this site', () => {
    expect(safeNext('/areas/ar_1/people?q=ann')).toBe('/areas/ar_1/people?q=ann');
  });
  it('refuses other sites, the sign-in page and nothing', () => {
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'areas/x', '/sign-in?next=/x', '/sign-in', '', null]) {
      expect(safeNext(bad)).toBeNull();
    }
  });
});

describe('guard', () => {
  const g: Grant[] = [{ role: 'commissioner', area: A }];
  it('sends a signed-out visitor to sign in, with the page to come back to', () => {
    expect(guard('aggregates', false, [], A, [])).toBe('sign-in');
    expect(signInUrl('/areas/ar_1/people?q=a b')).toBe('/sign-in?next=%2Fareas%2Far_1%2Fpeople%3Fq%3Da%20b');
  });
  it('opens public pages to anyone', () => {
    expect(guard('public', false, [], null, [])).toBe('open');
  });
  it('refuses a page the role does not allow, and hides areas the user has no role in', () => {
    expect(guard('aggregates', true, g, A, [A])).toBe('open');
    expect(guard('register_read', true, g, A, [A])).toBe('forbidden');
    expect(guard('aggregates', true, g, B, [A])).toBe('not-found');
  });
});
