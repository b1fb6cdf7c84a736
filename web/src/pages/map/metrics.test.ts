import { describe, expect, it } from 'vitest';
import { colourFor, colourScale, formatMetric, noFigureColour, sequentialColours } from './metrics';

describe('the colour scale of a figure', () => {
  it('ranks into steps of about as many people, a figure shared by many in one step', () => {
    // Worked by hand: 12 people, 6 wanted steps, breaks at ranks 2, 4, 6, 8, 10 of the
    // sorted figures = 0, 0, 1, 3, 5; a break at the lowest figure (0) makes no step, so
    // the breaks are 1, 3, 5 and the steps {0 ×6}, {1, 2}, {3, 4}, {5, 6}. Four steps
    // spread over the six shades: round(i × 5 / 3) = shades 0, 2, 3, 5.
    const values = [6, 0, 0, 3, 0, 1, 0, 5, 2, 0, 4, 0];
    const s = colourScale(values);
    expect(s.breaks).toEqual([1, 3, 5]);
    expect(s.steps.map((x) => [x.from, x.to, x.people, x.shade])).toEqual([[0, 0, 6, 0], [1, 2, 2, 2], [3, 4, 2, 3], [5, 6, 2, 5]]);
    expect([s.min, s.max, s.noFigure]).toEqual([0, 6, 0]);
    expect(colourFor(s, 0)).toBe('#1f9e89');
    expect(colourFor(s, 2.5)).toBe('#31688e');
    expect(colourFor(s, 3)).toBe('#3e4989');
    expect(colourFor(s, 6)).toBe('#440154');
  });
  it('gives six steps to six distinct figures, lowest the lightest shade, highest the darkest', () => {
    const s = colourScale([10, 20, 30, 40, 50, 60]);
    expect(s.steps.map((x) => x.colour)).toEqual([...sequentialColours]);
    expect(s.steps.every((x) => x.people === 1)).toBe(true);
  });
  it('counts people with no figure apart and colours them grey', () => {
    const s = colourScale([null, 0.5, null]);
    expect(s.noFigure).toBe(2);
    expect(s.steps.map((x) => [x.from, x.to, x.people])).toEqual([[0.5, 0.5, 1]]);
    expect(colourFor(s, null)).toBe(noFigureColour);
    const none = colourScale([null, null]);
    expect(none.steps).toEqual([]);
    expect(colourFor(none, 1)).toBe(noFigureColour);
  });
  it('keeps every shade at 3:1 contrast or more against white', () => {
    // WCAG relative luminance, computed here from the hex, not taken from the module.
    const lum = (h: string) => {
      const c = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
      return 0.2126 * (c[0] as number) + 0.7152 * (c[1] as number) + 0.0722 * (c[2] as number);
    };
    for (const h of [...sequentialColours, noFigureColour]) expect(1.05 / (lum(h) + 0.05)).toBeGreaterThanOrEqual(3);
  });
  it('formats figures for reading', () => {
    expect(formatMetric('betweenness', 115676.5777)).toBe('115,677');
    expect(formatMetric('closeness', 0.22109350265922073)).toBe('0.221');
    expect(formatMetric('pagerank', 0.0006063360240292855)).toBe('0.000606');
    expect(formatMetric('core', 4)).toBe('4');
    expect(formatMetric('eigenvector', null)).toBe('No figure');
  });
});
