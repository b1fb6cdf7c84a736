// The list view: the same people as the map, as a sortable, paged table. It is what a
// screen reader gets in place of the canvas.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { countOf, formatCount } from '../../format';
import { brokerageWords, isolationWords, type MapPerson } from './data';

type Column = 'name' | 'contacts' | 'isolation' | 'community' | 'brokerage';
const columns: { key: Column; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'Name' },
  { key: 'contacts', label: 'Contacts', numeric: true },
  { key: 'isolation', label: 'Isolation' },
  { key: 'community', label: 'Community', numeric: true },
  { key: 'brokerage', label: 'Brokerage' },
];

const isolationOrder = { no_ties: 0, one_tie: 1, others: 2 } as const;
const brokerageOrder = { bridge: 0, some: 1, none: 2 } as const;
const collator = new Intl.Collator('en-GB', { sensitivity: 'base', numeric: true });

function compare(a: MapPerson, b: MapPerson, key: Column): number {
  switch (key) {
    case 'name': return collator.compare(a.name, b.name);
    case 'contacts': return a.degree - b.degree;
    case 'isolation': return isolationOrder[a.isolation] - isolationOrder[b.isolation];
    case 'community': return a.community - b.community;
    case 'brokerage': return brokerageOrder[a.brokerage] - brokerageOrder[b.brokerage] || b.betweenness - a.betweenness;
  }
}

export const listPageSize = 100;

export function PeopleTable({ people, area, onShow }: { people: MapPerson[]; area: string; onShow: (id: string) => void }) {
  const [sort, setSort] = useState<{ key: Column; dir: 1 | -1 }>({ key: 'name', dir: 1 });
  const [page, setPage] = useState(0);
  useEffect(() => setPage(0), [people, sort]);
  const sorted = useMemo(() => {
    const out = [...people];
    out.sort((a, b) => sort.dir * compare(a, b, sort.key) || collator.compare(a.name, b.name));
    return out;
  }, [people, sort]);
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
