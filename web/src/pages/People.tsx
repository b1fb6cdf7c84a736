import { useState } from 'preact/hooks';
import { allows } from '../access';
import { api, peopleByIds } from '../api/routes';
import type { IsolationClass, Page, Person } from '../api/types';
import type { PageProps } from '../App';
import { Button, SelectField } from '../components/forms';
import { countOf, joinTags, word } from '../format';
import { isIsolationClass, listableClasses } from '../network';
import { Loaded, useLoad, usePageTitle } from '../page';
import { location, navigate } from '../router';
import { grants } from '../session';
import { parseBack, trailAfter, trailBefore } from './cursorTrail';

const pageSize = 50;

/** The list's state lives in its URL, so Back, Forward and a shared link all work. */
export interface PeopleQuery {
  q: string;
  tag: string;
  isolation: IsolationClass | null;
  cursor: string | null;
  /** Cursors of the pages before this one, so "Previous page" can go back. */
  back: string[];
  /** For the isolation filter, paged in the page: the first record's index. */
  from: number;
}

export function parsePeopleQuery(search: string): PeopleQuery {
  const p = new URLSearchParams(search);
  const iso = p.get('isolation');
  const from = Number(p.get('from') ?? '0');
  return {
    q: p.get('q') ?? '',
    tag: p.get('tag') ?? '',
    isolation: isIsolationClass(iso) ? iso : null,
    cursor: p.get('cursor'),
    back: parseBack(p.get('back')),
    from: Number.isInteger(from) && from > 0 ? from : 0,
  };
}

export function peopleQueryString(q: Partial<PeopleQuery>): string {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.tag) p.set('tag', q.tag);
  if (q.isolation) p.set('isolation', q.isolation);
  if (q.cursor) p.set('cursor', q.cursor);
  if (q.back && q.back.length) p.set('back', q.back.join(','));
  if (q.from) p.set('from', String(q.from));
  const s = p.toString();
  return s ? `?${s}` : '';
}

interface Listing {
  people: Person[];
  next: string | null;
  /** With the isolation filter: how many people are in the class, in the register. */
  total: number | null;
}

async function loadPeople(area: string, q: PeopleQuery): Promise<Listing> {
  if (q.isolation === null) {
    const page: Page<Person> = await api.people(area, { q: q.q, tag: q.tag, cursor: q.cursor ?? undefined, limit: pageSize });
    return { people: page.items, next: page.next_cursor, total: null };
  }
  // The engine says who is in the class (`…/network?isolation=`, in register
  // order); their records come from the register by id, one page of them, or
  // with a search or tag every member's, 200 ids a request, so the count is of
  // those the search finds.
  const members = (await api.network(area, { isolation: q.isolation })).nodes.map((n) => n.id);
  if (!q.q && !q.tag) {
    const people = await peopleByIds(area, members.slice(q.from, q.from + pageSize));
    return { people, next: q.from + pageSize < members.length ? String(q.from + pageSize) : null, total: members.length };
  }
  const matching = await peopleByIds(area, members, { q: q.q, tag: q.tag });
  const slice = matching.slice(q.from, q.from + pageSize);
  return { people: slice, next: q.from + pageSize < matching.length ? String(q.from + pageSize) : null, total: matching.length };
}

export function PeopleList({ params }: PageProps) {
  const area = params.area as string;
  usePageTitle('People', area);
  const search = location.value.search;
  const q = parsePeopleQuery(search);
  const [load] = useLoad(() => loadPeople(area, q), [area, search]);
  const base = `/areas/${encodeURIComponent(area)}/people`;
  const canWrite = allows(grants.value, area, 'register_write');
  const canFilterByClass = allows(grants.value, area, 'network_detail');

  const [text, setText] = useState(q.q);
  const [tag, setTag] = useState(q.tag);
  const [iso, setIso] = useState(q.isolation ?? '');

  function apply(e: Event) {
    e.preventDefault();
    navigate(base + peopleQueryString({ q: text.trim(), tag: tag.trim(), isolation: isIsolationClass(iso) ? iso : null }));
  }

  return (
    <>
      <h1>People</h1>
      {canWrite ? <p><a class="button" href={`${base}/new`}>Add a person</a></p> : null}
      <p><a class="link" href={`/areas/${encodeURIComponent(area)}/merges`}>Merged records</a>: people who were recorded twice</p>
      <form class="filters" onSubmit={apply} role="search" aria-label="People">
        <div class="filters__row">
          <div class="form-group">
            <label class="label" for="people-q">Search by name, household or notes</label>
            <input id="people-q" class="input input--medium" type="search" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <div class="form-group">
            <label class="label" for="people-tag">Interest</label>
            <div id="people-tag-hint" class="hint">One interest, such as gardening</div>
            <input id="people-tag" class="input input--short" aria-describedby="people-tag-hint" value={tag} onInput={(e) => setTag((e.currentTarget as HTMLInputElement).value)} />
          </div>
          {canFilterByClass ? (
            <SelectField
              name="people-isolation"
              label="Who may be isolated"
              value={iso}
              onChange={setIso}
              emptyLabel="Everyone"
              options={listableClasses.map((c) => [c, word('isolation', c)])}
            />
          ) : null}
        </div>
        <Button secondary>Show people</Button>
      </form>
      <Loaded load={load} what="people">
        {(l) => <PeopleTable area={area} q={q} listing={l} base={base} />}
      </Loaded>
    </>
  );
}

function PeopleTable({ area, q, listing, base }: { area: string; q: PeopleQuery; listing: Listing; base: string }) {
  const filtered = q.q !== '' || q.tag !== '' || q.isolation !== null;
  const heading = q.isolation
    ? `${countOf(listing.total ?? 0, 'person', 'people')} with ${word('isolation', q.isolation).toLowerCase()}${q.q || q.tag ? ' matching the search' : ''}`
    : listing.people.length === 0
      ? 'No people found'
      : `Showing ${countOf(listing.people.length, 'person', 'people')}${filtered ? ' matching the search' : ''}`;
  const prev = prevQuery(q);
  const next = nextQuery(q, listing.next);
  return (
    <>
      <p role="status" class="result-count">{heading}</p>
      {listing.people.length > 0 ? (
        <div class="table-wrap">
          <table class="table table--reflow">
            <caption class="visually-hidden">People</caption>
            <thead>
              <tr><th scope="col">Name</th><th scope="col">Postcode district</th><th scope="col">Born</th><th scope="col">Household</th><th scope="col">Interests</th></tr>
            </thead>
            <tbody>
              {listing.people.map((p) => (
                <tr key={p.id}>
                  <th scope="row" data-label="Name"><a href={`/areas/${encodeURIComponent(area)}/people/${encodeURIComponent(p.id)}`}>{p.display_name}</a>{p.is_pseudonym ? <span class="tag">Pseudonym</span> : null}</th>
                  <td data-label="Postcode district">{p.postcode_district ?? ''}</td>
                  <td data-label="Born">{word('birth_band', p.birth_band)}</td>
                  <td data-label="Household">{p.household ?? ''}</td>
                  <td data-label="Interests">{joinTags(p.interests)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {prev !== null || next !== null ? (
        <nav class="pagination" aria-label="Pages of people">
          {prev !== null ? <a class="pagination__link" href={base + peopleQueryString(prev)} rel="prev">Previous page</a> : null}
          {next !== null ? <a class="pagination__link" href={base + peopleQueryString(next)} rel="next">Next page</a> : null}
        </nav>
      ) : null}
    </>
  );
}

/** The query of the page before, or null on the first page. */
export function prevQuery(q: PeopleQuery): PeopleQuery | null {
  if (q.isolation !== null) return q.from > 0 ? { ...q, from: Math.max(0, q.from - pageSize) } : null;
  return trailBefore(q);
}

/** The query of the page after, or null on the last page. */
export function nextQuery(q: PeopleQuery, next: string | null): PeopleQuery | null {
  if (next === null) return null;
  if (q.isolation !== null) return { ...q, from: Number(next) };
  return trailAfter(q, next);
}
