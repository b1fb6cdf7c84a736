// What the map shows, as the page's query string, so a view can be bookmarked, shared
// and gone back to: `?kind=friend,family&evidence=survey&closeness=3&at=2025-06-01&colour=betweenness
// &size=betweenness&community=4&show=list&person=pe_…`. Reading it never fails: a value
// that is not one of the choices is dropped and its default used.
import { isMetric, type MetricKey } from './metrics';

export type ColourBy = 'community' | 'isolation' | MetricKey;
export type SizeBy = 'degree' | 'betweenness';
export type Show = 'map' | 'list';

export interface MapView {
  /** Kinds of tie, in the order of `kindChoices`; none is all. */
  kinds: string[];
  /** How ties are known (survey, referral, …), in the order of `evidenceChoices`; none is all. */
  evidence: string[];
  /** "1".."5", or '' for any. */
  minCloseness: string;
  /** A day YYYY-MM-DD, or '' for today. */
  at: string;
  colour: ColourBy;
  size: SizeBy;
  /** The community drilled into (the engine's number, from 0), or null. */
  community: number | null;
  show: Show;
  /** The person chosen (their id), or null. */
  person: string | null;
}

export const defaultView: MapView = {
  kinds: [], evidence: [], minCloseness: '', at: '', colour: 'community', size: 'degree', community: null, show: 'map', person: null,
};

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
export function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export function parseView(search: string, kindChoices: readonly string[], evidenceChoices: readonly string[] = []): MapView {
  const q = new URLSearchParams(search);
  const get = (k: string) => q.get(k) ?? '';
  const asked = new Set(get('kind').split(',').map((s) => s.trim()));
  const kinds = kindChoices.filter((k) => asked.has(k));
  const known = new Set(get('evidence').split(',').map((s) => s.trim()));
  const evidence = evidenceChoices.filter((k) => known.has(k));
  const closeness = get('closeness');
  const at = get('at');
  const colour = get('colour');
  const size = get('size');
  const community = get('community');
  const show = get('show');
  const person = get('person');
  return {
    kinds,
    evidence,
    minCloseness: /^[1-5]$/.test(closeness) ? closeness : '',
    at: isDay(at) ? at : '',
    colour: colour === 'community' || colour === 'isolation' || isMetric(colour) ? colour : defaultView.colour,
    size: size === 'degree' || size === 'betweenness' ? size : defaultView.size,
    community: /^(0|[1-9]\d{0,8})$/.test(community) ? Number(community) : null,
    show: show === 'list' ? 'list' : 'map',
    person: /^pe_[a-z0-9]{1,64}$/.test(person) ? person : null,
  };
}

/** The query string of a view ('' or "?…"), with only what differs from the defaults. */
export function serialiseView(v: MapView): string {
  const q = new URLSearchParams();
  if (v.kinds.length > 0) q.set('kind', v.kinds.join(','));
  if (v.evidence.length > 0) q.set('evidence', v.evidence.join(','));
  if (v.minCloseness !== '') q.set('closeness', v.minCloseness);
  if (v.at !== '') q.set('at', v.at);
  if (v.colour !== defaultView.colour) q.set('colour', v.colour);
  if (v.size !== defaultView.size) q.set('size', v.size);
  if (v.community !== null) q.set('community', String(v.community));
  if (v.show !== defaultView.show) q.set('show', v.show);
  if (v.person !== null) q.set('person', v.person);
  // Commas in the kind list read better unescaped, and are safe in a query value.
  const s = q.toString().replace(/%2C/g, ',');
  return s === '' ? '' : `?${s}`;
}

/** The filters the engine applies, as one string: what the API calls depend on. */
export function filtersKey(v: MapView): string {
  return `${v.kinds.join(',')}|${v.evidence.join(',')}|${v.minCloseness}|${v.at}`;
}
