// Means with their 95% intervals as dots and whiskers, drawn as SVG by Preact
// (BarChart.tsx draws bars from zero, which would misread a score that starts
// at 7). A group with no figure is labelled in words at the axis, never drawn
// to a height. The page always puts the same figures in a table under it.
export interface IntervalPoint {
  label: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  /** Why there is no dot: "withheld", "no answers". */
  note: string;
}

export function IntervalChart({ id, title, description, points, min, max, xLabel, yLabel }: {
  id: string; title: string; description: string; points: IntervalPoint[]; min: number; max: number; xLabel: string; yLabel: string;
}) {
  const width = 640;
  const height = 280;
  const left = 56;
  const bottom = 48;
  const top = 12;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const step = plotW / Math.max(1, points.length);
  const y = (v: number) => top + plotH - ((v - min) / (max - min)) * plotH;
  const ticks = scoreTicks(min, max);
  return (
    <figure class="chart">
      <svg class="chart__svg" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        <g aria-hidden="true">
          {ticks.map((t) => (
            <g key={t}>
              <line class="chart__grid" x1={left} x2={width - 8} y1={y(t)} y2={y(t)} />
              <text class="chart__tick" x={left - 6} y={y(t) + 4} text-anchor="end">{t}</text>
            </g>
          ))}
          {points.map((p, i) => {
            const cx = left + i * step + step / 2;
            return (
              <g key={p.label}>
                {p.value === null ? (
                  <text class="chart__note" x={cx} y={top + plotH - 8} text-anchor="middle">{p.note}</text>
                ) : (
                  <>
                    {p.lower !== null && p.upper !== null ? (
                      <>
                        <line class="chart__whisker" x1={cx} x2={cx} y1={y(Math.max(min, p.lower))} y2={y(Math.min(max, p.upper))} />
                        <line class="chart__whisker" x1={cx - 10} x2={cx + 10} y1={y(Math.max(min, p.lower))} y2={y(Math.max(min, p.lower))} />
                        <line class="chart__whisker" x1={cx - 10} x2={cx + 10} y1={y(Math.min(max, p.upper))} y2={y(Math.min(max, p.upper))} />
                      </>
                    ) : null}
                    <circle class="chart__point" cx={cx} cy={y(p.value)} r={6} />
                  </>
                )}
                <text class="chart__tick" x={cx} y={top + plotH + 18} text-anchor="middle">{p.label}</text>
              </g>
            );
          })}
          <line class="chart__axis" x1={left} x2={width - 8} y1={top + plotH} y2={top + plotH} />
          <text class="chart__label" x={left + plotW / 2} y={height - 6} text-anchor="middle">{xLabel}</text>
          <text class="chart__label" x={14} y={top + plotH / 2} text-anchor="middle" transform={`rotate(-90 14 ${top + plotH / 2})`}>{yLabel}</text>
        </g>
      </svg>
    </figure>
  );
}

/** Grid lines for a score's whole range: its ends and every 7 between (7, 14, 21, 28, 35 for SWEMWBS). */
export function scoreTicks(min: number, max: number): number[] {
  const out: number[] = [];
  for (let t = min; t < max; t += 7) out.push(t);
  out.push(max);
  return out;
}
