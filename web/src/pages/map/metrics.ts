// The per-person figures of `…/network` the map can colour by, in plain words, and the
// sequential colour scale for them. The figures are the engine's (docs/metrics.md);
// this module only ranks them into colour steps and formats them, never recomputes one.

/** The per-person figures of a `…/network` node that are numbers on a scale. */
export const metricKeys = [
  'degree', 'strength', 'betweenness', 'closeness', 'harmonic', 'eigenvector', 'pagerank',
  'clustering', 'core', 'constraint', 'effective_size',
] as const;
export type MetricKey = (typeof metricKeys)[number];

export interface MetricWords {
  /** The choice in "Colour by". */
  option: string;
  /** The list view's column header and the panel's row. */
  short: string;
  /** What the figure says about a person, for the key: "…: low → high". */
  means: string;
  low: string;
  high: string;
  /** Whole numbers (shown without decimals). */
  whole?: boolean;
}

export const metricWords: Record<MetricKey, MetricWords> = {
  degree: { option: 'Number of contacts', short: 'Contacts', means: 'how many contacts this person has', low: 'few', high: 'many', whole: true },
  strength: { option: 'Contacts counted by closeness (strength)', short: 'Strength', means: 'how many contacts this person has, close ones counting more', low: 'few', high: 'many' },
  betweenness: { option: 'Linking between others (betweenness)', short: 'Betweenness', means: 'how much this person connects others', low: 'low', high: 'high' },
  closeness: { option: 'Nearness to everyone (closeness centrality)', short: 'Closeness centrality', means: 'how few steps this person is from everyone they can reach', low: 'far', high: 'near' },
  harmonic: { option: 'Nearness across the whole area (harmonic closeness)', short: 'Harmonic closeness', means: 'how many people are a few steps from this person', low: 'few', high: 'many' },
  eigenvector: { option: 'Ties to well-connected people (eigenvector)', short: 'Eigenvector', means: 'how well connected this person\'s contacts are', low: 'low', high: 'high' },
  pagerank: { option: 'Reached through well-connected people (PageRank)', short: 'PageRank', means: 'how often this person is reached by following ties', low: 'low', high: 'high' },
  clustering: { option: 'Contacts who know each other (clustering)', short: 'Clustering', means: 'how many of this person\'s contacts know each other', low: 'none', high: 'all' },
  core: { option: 'Depth in a close-knit group (core number)', short: 'Core number', means: 'how deep this person sits in a group where everyone has many ties', low: 'shallow', high: 'deep' },
  constraint: { option: 'Contacts all in one circle (constraint)', short: 'Constraint', means: 'how much this person\'s contacts are tied to each other, so add little reach', low: 'low', high: 'high' },
  effective_size: { option: 'Contacts not tied to each other (effective size)', short: 'Effective size', means: 'how many of this person\'s contacts are not tied to each other', low: 'few', high: 'many' },
};

export function isMetric(x: string): x is MetricKey {
  return (metricKeys as readonly string[]).includes(x);
}

// Viridis from its dark purple end up to its teal, the part with at least 3:1 contrast
// against white (WCAG's figure for graphics); the lighter greens and yellow would vanish
// on the map's white ground. Ordered low → high: the highest figure gets the darkest ink.
export const sequentialColours = ['#1f9e89', '#26828e', '#31688e', '#3e4989', '#482878', '#440154'] as const;
/** A person the engine gives no figure for (for example eigenvector on a network in parts). */
export const noFigureColour = '#767676';

export interface ColourStep {
  colour: string;
  /** Index into sequentialColours, for the key's swatch class. */
  shade: number;
  from: number;
  to: number;
  people: number;
}

export interface ColourScale {
  steps: ColourStep[];
  /** Values below breaks[0] are step 0, from breaks[i-1] up to below breaks[i] step i. */
  breaks: number[];
  min: number | null;
  max: number | null;
  noFigure: number;
}

/**
 * Ranks the figures into up to `sequentialColours.length` steps of about as many people
 * each (quantiles); people with the same figure always share a step, so a figure most
 * people share (betweenness 0) is one step and the steps above split the rest.
 */
export function colourScale(values: (number | null)[]): ColourScale {
  const sorted = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  const noFigure = values.length - sorted.length;
  if (sorted.length === 0) return { steps: [], breaks: [], min: null, max: null, noFigure };
  const n = sorted.length;
  const wanted = sequentialColours.length;
  const min = sorted[0] as number;
  const breaks: number[] = [];
  for (let k = 1; k < wanted; k++) {
    const b = sorted[Math.floor((k * n) / wanted)] as number;
    if (b > min && b !== breaks[breaks.length - 1]) breaks.push(b);
  }
  const count = breaks.length + 1;
  const steps: ColourStep[] = Array.from({ length: count }, (_, i) => {
    const shade = count === 1 ? Math.floor(wanted / 2) : Math.round((i * (wanted - 1)) / (count - 1));
    return { colour: sequentialColours[shade] as string, shade, from: Infinity, to: -Infinity, people: 0 };
  });
  for (const v of sorted) {
    const s = steps[stepIndex(breaks, v)] as ColourStep;
    s.from = Math.min(s.from, v);
    s.to = Math.max(s.to, v);
    s.people += 1;
  }
  return { steps, breaks, min, max: sorted[n - 1] as number, noFigure };
}

function stepIndex(breaks: number[], v: number): number {
  let i = 0;
  while (i < breaks.length && v >= (breaks[i] as number)) i++;
  return i;
}

/** The colour of one figure on a scale; no figure is grey. */
export function colourFor(scale: ColourScale, v: number | null): string {
  if (v === null || !Number.isFinite(v) || scale.steps.length === 0) return noFigureColour;
  return (scale.steps[stepIndex(scale.breaks, v)] as ColourStep).colour;
}

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const threeFigures = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 3 });

/** A figure for reading: whole numbers from 100 up, else three significant figures. */
export function formatMetric(key: MetricKey, v: number | null): string {
  if (v === null || !Number.isFinite(v)) return 'No figure';
  if (metricWords[key].whole || Math.abs(v) >= 100) return whole.format(v);
  return threeFigures.format(v);
}
