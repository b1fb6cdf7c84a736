// The list view: the same people as the map, as a sortable, paged table. It is what a
// screen reader gets in place of the canvas.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { countOf, formatCount } from '../../format';
import { brokerageWords, isolationWords, type MapPerson } from './data';
import { formatMetric, metricWords, type MetricKey } from './metrics';

type Column = 'name' | 'contacts' | 'isolation' | 'community' | 'brokerage' | 'figure';
const baseColumns: { key: Column; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Name' },
  { key: 'contacts', label: 'Contacts', numeric: true },
  { key: 'isolation', label: 'Isolation' },
  { key: 'community', label: 'Community', numeric: true },
  { key: 'brokerage', label: 'Brokerage' },
];

const isolationOrder = { no_ties: 0, one_tie: 1, others: 2 } as const;
const brokerageOrder = { bridge: 0, some: 1, none: 2 } as const;
const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

/** A person with no figure goes after everyone with one, in either direction. */
function noFigureLast(a: MapPerson, b: MapPerson, metric: MetricKey | null): number {
  if (!metric) return 0;
  return (a.metrics[metric] === null ? 1 : 0) - (b.metrics[metric] === null ? 1 : 0);
}

function compare(a: MapPerson, b: MapPerson, key: Column, metric: MetricKey | null): number {
  switch (key) {
    case 'figure': return metric ? (a.metrics[metric] ?? 0) - (b.metrics[metric] ?? 0) : 0;
    case 'name': return collator.compare(a.name, b.name);
    case 'contacts': return a.degree - b.degree;
    case 'isolation': return isolationOrder[a.isolation] - isolationOrder[b.isolation];
    case 'community': return a.community - b.community;
    case 'brokerage': return brokerageOrder[a.brokerage] - brokerageOrder[b.brokerage] || b.betweenness - a.betweenness;
  }
}

export const listPageSize = 100;

/**
 * The list of the people drawn; `metric` is the figure the map is coloured by, shown as a
 * column of its own (the number the colour stands for), unless it is the contacts already listed.
 */
export function PeopleTable({ people, area, metric, onShow }: { people: MapPerson[]; area: string; metric: MetricKey | null; onShow: (id: string) => void }) {
  const figure = metric && metric !== 'degree' ? metric : null;
  const columns = figure ? [...baseColumns, { key: 'figure' as const, label: metricWords[figure].short, numeric: true }] : baseColumns;
  const [sortAsked, setSort] = useState<{ key: Column; dir: 1 | -1 }>({ key: 'name', dir: 1 });
  const sort = sortAsked.key === 'figure' && !figure ? { key: 'name' as const, dir: 1 as const } : sortAsked;
  const [page, setPage] = useState(0);
  useEffect(() => setPage(0), [people, sort.key, sort.dir, figure]);
  const sorted = useMemo(() => {
    const out = [...people];
    const last = sort.key === 'figure' ? figure : null;
    out.sort((a, b) => noFigureLast(a, b, last) || sort.dir * compare(a, b, sort.key, figure) || collator.compare(a.name, b.name));
    return out;
  }, [people, sort.key, sort.dir, figure]);
  const pages = Math.max(1, Math.ceil(sorted.length / listPageSize));
  const from = page * listPageSize;
  const rows = sorted.slice(from, from + listPageSize);
  const to = from + rows.length;

  return (
    <section aria-labelledby="map-list-title">
      <h2 id="map-list-title">People on the map</h2>
      <p role="status">
        {sorted.length === 0 ? 'No one to list.' : `Rows ${formatCount(from + 1)} to ${formatCount(to)} of ${countOf(sorted.length, 'person', 'people')}.`}
      </p>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="map-list-title">
        <table class="table table--reflow map-table">
          <thead>
            <tr>
              {columns.map((c) => {
                const on = sort.key === c.key;
                return (
                  <th key={c.key} scope="col" aria-sort={on ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'} class={c.numeric ? 'num' : undefined}>
                    <button type="button" class="sort-button" onClick={() => setSort(on ? { key: c.key, dir: sort.dir === 1 ? -1 : 1 } : { key: c.key, dir: 1 })}>
                      {c.label}<span aria-hidden="true">{on ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.id}>
                <th scope="row" data-label="Name">
                  <a href={`/areas/${encodeURIComponent(area)}/people/${encodeURIComponent(p.id)}`}>{p.name}</a>{' '}
                  <button type="button" class="button button--secondary button--small" onClick={() => onShow(p.id)}>
                    Show on map<span class="visually-hidden">: {p.name}</span>
                  </button>
                </th>
                <td class="num" data-label="Contacts">{formatCount(p.degree)}</td>
                <td data-label="Isolation">{isolationWords[p.isolation]}</td>
                <td class="num" data-label="Community">{p.community < 0 ? '' : formatCount(p.community + 1)}</td>
                <td data-label="Brokerage">{brokerageWords[p.brokerage]}</td>
                {figure ? <td class="num" data-label={metricWords[figure].short}>{formatMetric(figure, p.metrics[figure])}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Pages of the list" class="button-group">
          <button type="button" class="button button--secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>Previous page</button>
          <span class="map-page-of">Page {formatCount(page + 1)} of {formatCount(pages)}</span>
          <button type="button" class="button button--secondary" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>Next page</button>
        </nav>
      ) : null}
    </section>
  );
}
