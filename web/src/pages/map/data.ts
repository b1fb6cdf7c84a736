// The map's data: the engine's layout (positions) and network (metrics) for the same
// filters, joined by person id with the names from the register. Nothing here
// recomputes a metric; the words only rank what the engine gives.
import { query, request } from '../../api/client';
import { api, listAll, peopleByIds } from '../../api/routes';
import { ApiError } from '../../api/errors';
import { countOf, formatCount } from '../../format';
import { metricKeys, type MetricKey } from './metrics';

export interface MapFilters {
  kinds: string[];
  evidence: string[];
  minCloseness: string;
  at: string;
}

export interface LayoutAnswer {
  /** The register's revision the layout was computed from (a change gives a new one). */
  register_revision?: number;
  aggregated: boolean;
  people: number;
  ties: number;
  people_max: number;
  community?: number;
  nodes?: { id: string; x: number; y: number }[];
  edges?: [number, number][];
  communities?: { community: number; members: number; x: number; y: number }[];
  community_ties?: { a: number; b: number; ties: number }[];
}

export interface NetworkNode {
  id: string;
  degree: number;
  betweenness: number;
  betweenness_norm: number;
  community: number;
  /** The other per-person figures (docs/metrics.md); null where the engine gives none. */
  [figure: string]: unknown;
}

export type Isolation = 'no_ties' | 'one_tie' | 'others';

export const isolationWords: Record<Isolation, string> = {
  no_ties: 'No ties',
  one_tie: 'One tie',
  others: 'Two or more ties',
};

export type Brokerage = 'bridge' | 'some' | 'none';

export const brokerageWords: Record<Brokerage, string> = {
  bridge: 'Links otherwise separate people',
  some: 'Sometimes on the path between others',
  none: 'Not on the path between others',
};

/** One person on the map, with the engine's figures. */
export interface MapPerson {
  id: string;
  index: number;
  name: string;
  x: number;
  y: number;
  degree: number;
  betweenness: number;
  community: number;
  isolation: Isolation;
  brokerage: Brokerage;
  /** Every per-person figure of `…/network`, as the engine gave it (null: none). */
  metrics: Record<MetricKey, number | null>;
}

export interface MapData {
  layout: LayoutAnswer;
  people: MapPerson[];
  edges: [number, number][];
  maxDegree: number;
  maxBetweenness: number;
}

function filterQuery(f: MapFilters): Record<string, string | undefined> {
  return {
    kind: f.kinds.length > 0 ? f.kinds.join(',') : undefined,
    evidence: f.evidence.length > 0 ? f.evidence.join(',') : undefined,
    min_closeness: f.minCloseness || undefined,
    at: f.at || undefined,
  };
}

const inArea = (area: string) => `/api/v1/areas/${encodeURIComponent(area)}`;

export function fetchLayout(area: string, f: MapFilters, community: number | null): Promise<LayoutAnswer> {
  const q = query({ ...filterQuery(f), community: community ?? undefined });
  return request<LayoutAnswer>('GET', `${inArea(area)}/network/layout${q}`);
}

export interface NetworkAnswer {
  graph?: { register_revision?: number };
  nodes: NetworkNode[];
}

/** The network's figures; with a community, only that community's people (the engine's `?community=`). */
export function fetchNetwork(area: string, f: MapFilters, community: number | null = null): Promise<NetworkAnswer> {
  return request<NetworkAnswer>('GET', `${inArea(area)}/network${query({ ...filterQuery(f), community: community ?? undefined })}`);
}

// The last network answer, kept while the register's revision is the one the layout
// names. A drill-down asks for its community's people only (at 20,000 people the whole
// answer is 7 MB), and a whole answer already here serves any community. One answer
// only, so memory stays bounded.
let lastNetwork: { key: string; revision: number; community: number | null; answer: NetworkAnswer } | null = null;

export function networkFor(area: string, f: MapFilters, revision: number | undefined, community: number | null): Promise<NetworkAnswer> {
  const key = `${area}?${query(filterQuery(f))}`;
  const last = lastNetwork;
  if (revision !== undefined && last && last.key === key && last.revision === revision && (last.community === null || last.community === community)) {
    return Promise.resolve(last.answer);
  }
  return fetchNetwork(area, f, community).then((answer) => {
    const r = answer.graph?.register_revision;
    lastNetwork = r === undefined ? null : { key, revision: r, community, answer };
    return answer;
  });
}

/** Names by person id; loaded once per area (the register, not the filtered network), every page of it (listAll stops at 20,000 by default, and the demo of 40,000 lays out 37,595). */
const namesCache = new Map<string, Promise<Map<string, string>>>();
export function fetchNames(area: string): Promise<Map<string, string>> {
  let p = namesCache.get(area);
  if (!p) {
    p = listAll((q) => api.people(area, q), Number.POSITIVE_INFINITY).then((all) => new Map(all.map((x) => [x.id, x.display_name])));
    p.catch(() => namesCache.delete(area));
    namesCache.set(area, p);
  }
  return p;
}

/**
 * Names of these people only (one community drilled into), by id, instead of every
 * page of the register (40 pages at 20,000 people). A whole area's names already read
 * serve it without asking.
 */
export async function namesFor(area: string, ids: readonly string[]): Promise<Map<string, string>> {
  const whole = namesCache.get(area);
  if (whole) return whole;
  return new Map((await peopleByIds(area, ids)).map((p) => [p.id, p.display_name]));
}

export function isolationOf(degree: number): Isolation {
  return degree === 0 ? 'no_ties' : degree === 1 ? 'one_tie' : 'others';
}

/**
 * The betweenness above which a person is in the top tenth of those drawn (ranked by
 * the engine's figure); 0 betweenness is never "links otherwise separate people".
 */
export function topDecileThreshold(values: number[]): number {
  const sorted = values.filter((v) => v > 0).sort((a, b) => b - a);
  if (sorted.length === 0) return Infinity;
  const k = Math.max(0, Math.ceil(values.length / 10) - 1);
  return sorted[Math.min(k, sorted.length - 1)] as number;
}

export function brokerageOf(b: number, threshold: number): Brokerage {
  if (b > 0 && b >= threshold) return 'bridge';
  return b > 0 ? 'some' : 'none';
}

function figuresOf(m: NetworkNode | undefined, degree: number, betweenness: number): Record<MetricKey, number | null> {
  const out = {} as Record<MetricKey, number | null>;
  for (const k of metricKeys) {
    const v = m?.[k];
    out[k] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  // A person the network lacks (no figures at all) has no ties: their counts are 0.
  out.degree = degree;
  out.betweenness = betweenness;
  return out;
}

/** Joins layout and network by id; a person the network lacks gets zero figures. */
export function joinMap(layout: LayoutAnswer, nodes: NetworkNode[], names: Map<string, string>): MapData {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const laid = layout.nodes ?? [];
  const threshold = topDecileThreshold(laid.map((n) => byId.get(n.id)?.betweenness ?? 0));
  let maxDegree = 0;
  let maxBetweenness = 0;
  const people = laid.map((n, index): MapPerson => {
    const m = byId.get(n.id);
    const degree = m?.degree ?? 0;
    const betweenness = m?.betweenness ?? 0;
    maxDegree = Math.max(maxDegree, degree);
    maxBetweenness = Math.max(maxBetweenness, betweenness);
    return {
      id: n.id, index, name: names.get(n.id) ?? n.id, x: n.x, y: n.y, degree, betweenness,
      community: m?.community ?? -1, isolation: isolationOf(degree), brokerage: brokerageOf(betweenness, threshold),
      metrics: figuresOf(m, degree, betweenness),
    };
  });
  return { layout, people, edges: layout.edges ?? [], maxDegree, maxBetweenness };
}

/**
 * The layout, then — only when it draws people — the network and the names for these
 * filters: the aggregated view draws communities from the layout alone, so at 20,000
 * people it does not wait for a network answer of megabytes and every name. A community
 * the network lacks (a stale bookmark: the API's 404) gives the whole network instead, as
 * any other value of the page's address that is not one of the choices falls back to its
 * default.
 */
export async function loadMap(area: string, f: MapFilters, community: number | null): Promise<MapData> {
  const layout = await fetchLayout(area, f, community).catch((e: unknown) => {
    if (community !== null && e instanceof ApiError && e.status === 404) return fetchLayout(area, f, null);
    throw e;
  });
  if (layout.aggregated && layout.community === undefined) return joinMap(layout, [], new Map());
  const drilled = layout.community ?? null;  // null also when a stale community fell back to the whole map
  const names = drilled === null ? fetchNames(area) : namesFor(area, (layout.nodes ?? []).map((n) => n.id));
  const [network, named] = await Promise.all([networkFor(area, f, layout.register_revision, drilled), names]);
  return joinMap(layout, network.nodes, named);
}

// Colours with enough contrast against white for small dots (a colour-blind-safe set,
// Okabe–Ito, darkened where light); communities past the tenth reuse them.
export const palette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#8a6d00', '#56b4e9', '#6a3d9a', '#b15928', '#1b7837', '#505050'];
export const isolationColours: Record<Isolation, string> = { no_ties: '#d4351c', one_tie: '#f47738', others: '#1d70b8' };

export function communityColour(c: number): string {
  return c < 0 ? '#505050' : (palette[c % palette.length] as string);
}

/** A node's drawn size from a figure, by its square root so a few high values do not swamp the rest. */
export function sizeFor(value: number, max: number): number {
  return max > 0 ? 2 + 10 * Math.sqrt(value / max) : 3;
}

/** "Showing 2,000 people and 5,726 ties", from the layout answer's own counts. */
export function countsSentence(data: MapData): string {
  const l = data.layout;
  const community = l.community ?? null;
  const base = `Showing ${countOf(l.people, 'person', 'people')} and ${countOf(l.ties, 'tie', 'ties')}`;
  if (l.aggregated && community === null) {
    return `${base}, grouped into ${countOf(l.communities?.length ?? 0, 'community', 'communities')}`;
  }
  return community !== null ? `${base} in community ${formatCount(community + 1)}` : base;
}
