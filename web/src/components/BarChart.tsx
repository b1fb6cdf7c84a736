// A bar chart drawn as SVG by Preact, readable by a screen reader (role="img" with a
// title and a description) and always paired with a table of the same figures.
// Observable Plot was tried first: it writes a <style> element into each SVG, which
// the Content-Security-Policy (style-src 'self') refuses, and it brings d3 (~250 kB)
// for one chart; a dozen bars do not need it.
import { formatCount } from '../format';

export interface Bar {
  label: string;
  value: number;
  /** A count the server withheld ("<5", or "withheld" when it only protects a total): drawn hatched and labelled, not by height. */
  withheld?: string;
}

// A withheld bar's height in the plot: low, so it claims no size, but tall enough to see.
const withheldHeight = 18;

export function BarChart({ id, title, description, bars, xLabel, yLabel }: { id: string; title: string; description: string; bars: Bar[]; xLabel: string; yLabel: string }) {
  const width = 640;
  const height = 280;
  const left = 56;
  const bottom = 48;
  const top = 12;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const ticks = niceTicks(max);
  const top_ = ticks[ticks.length - 1] ?? max;
  const step = plotW / Math.max(1, bars.length);
  const y = (v: number) => top + plotH - (v / top_) * plotH;
  return (
    <figure class="chart">
      <svg class="chart__svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <defs>
          <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <line class="chart__hatch" x1="0" y1="0" x2="0" y2="6" />
          </pattern>
        </defs>
        <g aria-hidden="true">
          {ticks.map((t) => (
            <g key={t}>
              <line class="chart__grid" x1={left} x2={width - 8} y1={y(t)} y2={y(t)} />
              <text class="chart__tick" x={left - 6} y={y(t) + 4} text-anchor="end">{formatCount(t)}</text>
            </g>
          ))}
          {bars.map((b, i) => (
            <g key={b.label}>
              {b.withheld !== undefined ? (
                <>
                  <rect class="chart__withheld" fill={`url(#${id}-hatch)`} x={left + i * step + step * 0.15} width={step * 0.7} y={top + plotH - withheldHeight} height={withheldHeight} />
                  <text class="chart__note" x={left + i * step + step / 2} y={top + plotH - withheldHeight - 4} text-anchor="middle">{b.withheld}</text>
                </>
              ) : (
                <rect class="chart__bar" x={left + i * step + step * 0.15} width={step * 0.7} y={y(b.value)} height={Math.max(0, top + plotH - y(b.value))} />
              )}
              <text class="chart__tick" x={left + i * step + step / 2} y={top + plotH + 18} text-anchor="middle">{b.label}</text>
            </g>
          ))}
          <line class="chart__axis" x1={left} x2={width - 8} y1={top + plotH} y2={top + plotH} />
          <text class="chart__label" x={left + plotW / 2} y={height - 6} text-anchor="middle">{xLabel}</text>
          <text class="chart__label" x={14} y={top + plotH / 2} text-anchor="middle" transform={`rotate(-90 14 ${top + plotH / 2})`}>{yLabel}</text>
        </g>
      </svg>
    </figure>
  );
}

/** Round steps for the value axis: 0 up to at least `max`, four or five steps. */
export function niceTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const stepSize = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let t = 0; t < max + stepSize; t += stepSize) out.push(Math.round(t));
  return out;
}
