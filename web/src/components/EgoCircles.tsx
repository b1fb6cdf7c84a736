// A person's ego network as concentric circles: the person in the centre, each
// contact on the ring of their tie's closeness (5, the closest, innermost; 1 outermost).
// Tie kind is shown by shape and a two-letter mark as well as colour, so colour is
// never the only signal; the table beside it lists the same contacts.
import { word } from '../format';

export interface EgoContact {
  id: string;
  name: string;
  kind: string;
  closeness: number;
  frequency: string;
}

/** Shape and two-letter mark of each tie kind (the legend reads from this too). */
export const kindMarks: Record<string, { shape: 'circle' | 'square' | 'triangle' | 'diamond' | 'hexagon' | 'star'; mark: string }> = {
  family: { shape: 'square', mark: 'Fa' },
  friend: { shape: 'circle', mark: 'Fr' },
  neighbour: { shape: 'triangle', mark: 'Ne' },
  work_study: { shape: 'diamond', mark: 'Wo' },
  acquaintance: { shape: 'hexagon', mark: 'Ac' },
  professional_support: { shape: 'star', mark: 'Pr' },
};

const SIZE = 400;
const C = SIZE / 2;
const RING_STEP = 34; // closeness 5 at 1 step from the centre, closeness 1 at 5 steps
const MARK_R = 13;

export function ringRadius(closeness: number): number {
  const c = Math.min(5, Math.max(1, Math.round(closeness)));
  return (6 - c) * RING_STEP;
}

function polygon(x: number, y: number, r: number, corners: number, turn: number): string {
  const pts: string[] = [];
  for (let i = 0; i < corners; i++) {
    const a = turn + (i * 2 * Math.PI) / corners;
    pts.push(`${(x + r * Math.cos(a)).toFixed(1)},${(y + r * Math.sin(a)).toFixed(1)}`);
  }
  return pts.join(' ');
}

function star(x: number, y: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r * 1.15 : r * 0.55;
    pts.push(`${(x + rr * Math.cos(a)).toFixed(1)},${(y + rr * Math.sin(a)).toFixed(1)}`);
  }
  return pts.join(' ');
}

export function Shape({ kind, x, y, r }: { kind: string; x: number; y: number; r: number }) {
  const m = kindMarks[kind] ?? { shape: 'circle', mark: '?' };
  const cls = `ego__mark ego__mark--${kind}`;
  switch (m.shape) {
    case 'square': return <rect class={cls} x={x - r} y={y - r} width={2 * r} height={2 * r} />;
    case 'triangle': return <polygon class={cls} points={polygon(x, y + 2, r * 1.3, 3, -Math.PI / 2)} />;
    case 'diamond': return <polygon class={cls} points={polygon(x, y, r * 1.25, 4, 0)} />;
    case 'hexagon': return <polygon class={cls} points={polygon(x, y, r * 1.1, 6, 0)} />;
    case 'star': return <polygon class={cls} points={star(x, y, r)} />;
    default: return <circle class={cls} cx={x} cy={y} r={r} />;
  }
}

/** Positions on each ring: contacts of one closeness spread evenly, each ring turned a little so marks do not line up. */
export function placeContacts(contacts: readonly EgoContact[]): { c: EgoContact; x: number; y: number }[] {
  const out: { c: EgoContact; x: number; y: number }[] = [];
  for (let closeness = 5; closeness >= 1; closeness--) {
    const on = contacts.filter((c) => Math.min(5, Math.max(1, Math.round(c.closeness))) === closeness);
    const r = ringRadius(closeness);
    on.forEach((c, i) => {
      const a = -Math.PI / 2 + closeness * 0.6 + (i * 2 * Math.PI) / on.length;
      out.push({ c, x: C + r * Math.cos(a), y: C + r * Math.sin(a) });
    });
  }
  return out;
}

export function EgoCircles({ name, contacts }: { name: string; contacts: readonly EgoContact[] }) {
  const placed = placeContacts(contacts);
  const kinds = [...new Set(contacts.map((c) => c.kind))];
  return (
    <figure class="ego">
      <svg class="ego__svg" viewBox={`0 0 ${SIZE} ${SIZE}`} role="img" aria-labelledby="ego-caption">
        {[1, 2, 3, 4, 5].map((closeness) => (
          <g key={closeness}>
            <circle class="ego__ring" cx={C} cy={C} r={ringRadius(closeness)} />
            <text class="ego__ring-label" x={C + 3} y={C - ringRadius(closeness) + 11}>{closeness}</text>
          </g>
        ))}
        {placed.map(({ x, y }, i) => <line key={`l${i}`} class="ego__line" x1={C} y1={C} x2={x} y2={y} />)}
        <circle class="ego__centre" cx={C} cy={C} r={MARK_R + 2} />
        <text class="ego__centre-label" x={C} y={C + 4} text-anchor="middle">{initials(name)}</text>
        {placed.map(({ c, x, y }) => (
          <g key={c.id + String(c.closeness) + c.kind}>
            <title>{`${c.name}: ${word('tie_kind', c.kind)}, closeness ${c.closeness} of 5, ${word('frequency', c.frequency).toLowerCase()}`}</title>
            <Shape kind={c.kind} x={x} y={y} r={MARK_R} />
            <text class="ego__mark-label" x={x} y={y + 4} text-anchor="middle">{kindMarks[c.kind]?.mark ?? '?'}</text>
          </g>
        ))}
      </svg>
      <figcaption id="ego-caption">
        {name} in the centre and {contacts.length === 1 ? 'one contact' : `${contacts.length} contacts`} on rings by closeness: the closest (5) on the
        inner ring, the most distant (1) on the outer ring. The table below lists the same contacts.
      </figcaption>
      {kinds.length > 0 ? (
        <ul class="ego__legend" aria-label="Kinds of tie">
          {kinds.map((k) => (
            <li key={k}>
              <svg class="ego__legend-mark" viewBox="0 0 32 32" aria-hidden="true"><Shape kind={k} x={16} y={16} r={MARK_R} /><text class="ego__mark-label" x={16} y={20} text-anchor="middle">{kindMarks[k]?.mark ?? '?'}</text></svg>
              {word('tie_kind', k)}
            </li>
          ))}
        </ul>
      ) : null}
    </figure>
  );
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]?.toUpperCase() ?? '').join('');
}
