// One group or place (directory_read): its details in words; for roles that may
// read the summary, its network figures; for register readers, who takes part
// there; for register writers, "Edit" and "Add a member". A role with the
// directory alone (link worker, broker, coordinator) gets only what the
// directory routes give it, and so no person's name.
import { useEffect, useRef, useState } from 'preact/hooks';
import { allows } from '../access';
import { api, listAll } from '../api/routes';
import type { Affiliation, Group, Person, Place, Summary } from '../api/types';
import type { PageProps } from '../App';
import { Button, ErrorSummary, errorFor, optionsOf, SelectField, TextField, toFieldError, type FieldError } from '../components/forms';
import { formatCount, formatDate, joinTags, word, words } from '../format';
import { Failed, Loaded, useLoad, usePageTitle } from '../page';
import { location, searchParam } from '../router';
import { grants } from '../session';
import { affiliationsOf, networkSentences, takePartSentence, type EntryKind } from './directoryWords';

type Entry = Group | Place;
type Together = Summary['brings_people_together'][number];

const kindOf = (): EntryKind => (location.value.path.split('/')[3] === 'places' ? 'places' : 'groups');
const meta = {
  groups: { one: 'group', title: 'Group', kindWord: 'group_kind', add: 'Add a member', defaultRole: 'member' },
  places: { one: 'place', title: 'Place', kindWord: 'place_kind', add: 'Add a visitor', defaultRole: 'visitor' },
} as const;

const pageSize = 50;

interface Loaded_ {
  entry: Entry;
  /** This entry in the summary's "brings people together", for roles that may read the summary. */
  together: Together | undefined;
}

async function loadEntry(area: string, kind: EntryKind, id: string): Promise<Loaded_> {
  const [entry, summary] = await Promise.all([
    kind === 'groups' ? api.group(area, id) : api.place(area, id),
    // The figures are extra: a summary that fails leaves the page without them.
    allows(grants.value, area, 'aggregates') ? api.summary(area).catch(() => null) : Promise.resolve(null),
  ]);
  return { entry, together: summary?.brings_people_together.find((t) => t.id === id) };
}

export function DirectoryEntryPage({ params }: PageProps) {
  const area = params.area as string;
  const id = params.id as string;
  const kind = kindOf();
  const m = meta[kind];
  const [load] = useLoad(() => loadEntry(area, kind, id), [area, kind, id]);
  const name = load.state === 'done' ? load.value.entry.name : m.title;
  usePageTitle(name, area);
  return (
    <>
      <h1>{name}</h1>
      <Loaded load={load} what={`the ${m.one}`}>
        {(l) => <EntryBody area={area} kind={kind} entry={l.entry} together={l.together} />}
      </Loaded>
    </>
  );
}

function EntryBody({ area, kind, entry, together }: { area: string; kind: EntryKind; entry: Entry; together: Together | undefined }) {
  const m = meta[kind];
  const a = encodeURIComponent(area);
  const canRead = allows(grants.value, area, 'register_read');
  const canWrite = allows(grants.value, area, 'register_write');
  const [membersTick, setMembersTick] = useState(0);
  const rows: [string, string][] = [
    ['Kind', word(m.kindWord, entry.kind)],
    ['Description', entry.description ?? 'None recorded'],
    kind === 'groups'
      ? ['How to get in touch', (entry as Group).contact ?? 'Not recorded']
      : ['Opening times', (entry as Place).opening_times ?? 'Not recorded'],
    ['Address', entry.address ?? 'Not recorded'],
    ['Map position', entry.lat !== null && entry.lon !== null ? `Latitude ${entry.lat}, longitude ${entry.lon}` : 'Not recorded'],
    ['Activities and themes', joinTags(entry.tags) || 'None recorded'],
    ['Added to the directory', formatDate(entry.created_at)],
  ];
  const sentences = networkSentences(together);
  return (
    <>
      <p><a href={`/areas/${a}/${kind}`}>All {kind}</a></p>
      {canWrite ? <p><a class="button button--secondary" href={`/areas/${a}/${kind}/${encodeURIComponent(entry.id)}/edit`}>Edit<span class="visually-hidden"> {entry.name}</span></a></p> : null}
      <h2>Details</h2>
      <dl class="summary-list">
        {rows.map(([k, v]) => (
          <div class="summary-list__row" key={k}><dt class="summary-list__key">{k}</dt><dd class="summary-list__value">{v}</dd></div>
        ))}
      </dl>
      {sentences.length > 0 ? (
        <>
          <h2>In the network</h2>
          <ul class="list">{sentences.map((s) => <li key={s}>{s}</li>)}</ul>
        </>
      ) : null}
      {canRead ? <Members area={area} kind={kind} entry={entry} tick={membersTick} /> : (
        <>
          <h2>Who takes part</h2>
          <p>Who takes part here is held in the register of people, which your role does not include.</p>
        </>
      )}
      {canWrite ? <AddMember area={area} kind={kind} entry={entry} onDone={() => setMembersTick((t) => t + 1)} /> : null}
    </>
  );
}

interface Member {
  aff: Affiliation;
  person: Person | null;
}

/**
 * This entry's affiliations (`?group=` or `?place=`), then the people they name:
 * the area's people list (500 a request) when more than a few are named, else one
 * request a person.
 */
async function loadMembers(area: string, kind: EntryKind, id: string): Promise<{ members: Member[]; read: number }> {
  const filter = kind === 'groups' ? { group: id } : { place: id };
  const affs = affiliationsOf(await listAll((p) => api.affiliations(area, { ...p, ...filter })), kind, id);
  const named = [...new Set(affs.map((a) => a.person_id))];
  const people = named.length > 20
    ? await listAll((p) => api.people(area, p))
    : await Promise.all(named.map((pid) => api.person(area, pid)));
  const byId = new Map(people.map((p) => [p.id, p]));
  return { members: affs.map((aff) => ({ aff, person: byId.get(aff.person_id) ?? null })), read: affs.length };
}

function Members({ area, kind, entry, tick }: { area: string; kind: EntryKind; entry: Entry; tick: number }) {
  const [result, setResult] = useState<{ members: Member[]; read: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);
  const from = Math.max(0, Number(searchParam('from') ?? '0') || 0);

  async function find() {
    setBusy(true);
    setError(null);
    try {
      setResult(await loadMembers(area, kind, entry.id));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  // On arrival, and again when a member is added below.
  useEffect(() => {
    void find();
  }, [entry.id, tick]);

  const a = encodeURIComponent(area);
  const base = `/areas/${a}/${kind}/${encodeURIComponent(entry.id)}`;
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Who takes part</h2>
      {result === null ? (
        <>
          {busy ? <p class="loading" role="status">Finding who takes part at {entry.name}…</p> : null}
          {error ? <Failed error={error} /> : null}
        </>
      ) : (
        <>
          <p class="result-count" role="status" tabIndex={-1} ref={statusRef}>{takePartSentence(result.members.map((x) => x.aff))}</p>
          {result.members.length > 0 ? <MemberTable area={area} entry={entry} members={result.members.slice(from, from + pageSize)} /> : null}
          {result.members.length > pageSize ? (
            <>
              <p>Rows {formatCount(from + 1)} to {formatCount(Math.min(from + pageSize, result.members.length))} of {formatCount(result.members.length)}.</p>
              <nav class="pagination" aria-label="Pages of who takes part">
                {from > 0 ? <a class="pagination__link" rel="prev" href={`${base}?from=${Math.max(0, from - pageSize)}`}>Previous page</a> : null}
                {from + pageSize < result.members.length ? <a class="pagination__link" rel="next" href={`${base}?from=${from + pageSize}`}>Next page</a> : null}
              </nav>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}

function MemberTable({ area, entry, members }: { area: string; entry: Entry; members: Member[] }) {
  const a = encodeURIComponent(area);
  return (
    <div class="table-wrap">
      <table class="table table--reflow">
        <caption class="visually-hidden">Who takes part at {entry.name}</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">How often</th><th scope="col">Since</th></tr></thead>
        <tbody>
          {members.map(({ aff, person }) => (
            <tr key={aff.id}>
              <th scope="row" data-label="Name">{person ? <a href={`/areas/${a}/people/${encodeURIComponent(person.id)}`}>{person.display_name}</a> : 'A person no longer in the register'}</th>
              <td data-label="Role">{word('affiliation_role', aff.role)}</td>
              <td data-label="How often">{word('frequency', aff.frequency) || 'Not recorded'}</td>
              <td data-label="Since">{formatDate(aff.valid_from) || 'Not recorded'}{aff.valid_to ? `, until ${formatDate(aff.valid_to)}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const addFields = ['person_id', 'role', 'frequency', 'valid_from'];
/** The server's field names as this form's field names (its ids are prefixed, to stay unique on the page). */
const localField: Record<string, string> = { person_id: 'member-search', role: 'member-role', frequency: 'member-frequency', valid_from: 'member-valid_from' };

function AddMember({ area, kind, entry, onDone }: { area: string; kind: EntryKind; entry: Entry; onDone: () => void }) {
  const m = meta[kind];
  const [search, setSearch] = useState('');
  const [matches, setMatches] = useState<Person[] | null>(null);
  const [person, setPerson] = useState('');
  const [role, setRole] = useState<string>(m.defaultRole);
  const [frequency, setFrequency] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function find() {
    setDone(null);
    if (search.trim() === '') {
      setErrors([{ field: 'member-search', message: 'Enter part of the person’s name to search for them' }]);
      return;
    }
    setErrors([]);
    try {
      const page = await api.people(area, { q: search.trim(), limit: 20 });
      setMatches(page.items);
      setPerson(page.items[0]?.id ?? '');
    } catch (e) {
      setErrors([toFieldError(e, [])]);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    setDone(null);
    const missing: FieldError[] = [];
    if (person === '') missing.push({ field: 'member-search', message: 'Search for the person and choose them' });
    if (role === '') missing.push({ field: 'member-role', message: `Choose their role at the ${m.one}` });
    setErrors(missing);
    if (missing.length) return;
    setBusy(true);
    try {
      await api.createAffiliation(area, {
        person_id: person, ...(kind === 'groups' ? { group_id: entry.id } : { place_id: entry.id }), role,
        frequency: frequency === '' ? null : frequency, valid_from: validFrom.trim() === '' ? null : validFrom.trim(),
      });
      const who = matches?.find((x) => x.id === person)?.display_name ?? 'They';
      setDone(`${who} added as ${word('affiliation_role', role).toLowerCase()} of ${entry.name}.`);
      setSearch(''); setMatches(null); setPerson(''); setRole(m.defaultRole); setFrequency(''); setValidFrom('');
      onDone();
    } catch (error) {
      const fe = toFieldError(error, addFields);
      setErrors([fe.field !== null && localField[fe.field] ? { ...fe, field: localField[fe.field] as string } : fe]);
    } finally {
      setBusy(false);
    }
  }

  const err = (f: string) => errorFor(errors, f);
  return (
    <section class="panel" aria-labelledby="add-member-title">
      <h2 id="add-member-title">{m.add}</h2>
      {done ? <p class="notice notice--success" role="status">{done}</p> : null}
      <ErrorSummary errors={errors} id="member-errors" />
      <form onSubmit={submit} noValidate>
        <div class={`form-group${err('member-search') ? ' form-group--error' : ''}`}>
          <label class="label" for="f-member-search">Find the person by name</label>
          {err('member-search') ? <p class="error-message" id="f-member-search-error"><span class="visually-hidden">Error: </span>{err('member-search')}</p> : null}
          <div class="search-row">
            <input id="f-member-search" class="input input--medium" type="search" value={search} aria-describedby={err('member-search') ? 'f-member-search-error' : undefined}
              aria-invalid={err('member-search') ? true : undefined}
              onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void find(); } }} />
            <button class="button button--secondary" type="button" onClick={() => void find()}>Search</button>
          </div>
        </div>
        {matches !== null ? (
          matches.length === 0 ? <p role="status">No one matches “{search}”. Try another part of the name.</p> : (
            <SelectField name="member-person" label={`Choose the person (${matches.length} found)`} value={person} onChange={setPerson}
              options={matches.map((x) => [x.id, `${x.display_name}${x.postcode_district ? `, ${x.postcode_district}` : ''}${x.household ? `, ${x.household}` : ''}`])} />
          )
        ) : null}
        <SelectField name="member-role" label={`Their role at the ${m.one}`} value={role} onChange={setRole} options={optionsOf(words.affiliation_role)} emptyLabel="Choose a role" error={err('member-role')} />
        <SelectField name="member-frequency" label="How often they take part (optional)" value={frequency} onChange={setFrequency} options={optionsOf(words.frequency)} emptyLabel="Not known" error={err('member-frequency')} />
        <TextField name="member-valid_from" label="First day" required={false} hint="For example, 2024-03-06" value={validFrom} onInput={setValidFrom} error={err('member-valid_from')} width="short" autocomplete="off" />
        <Button disabled={busy}>{m.add}</Button>
      </form>
    </section>
  );
}

/** The address of one group's or place's page. */
export function entryPath(area: string, kind: EntryKind, id: string): string {
  return `/areas/${encodeURIComponent(area)}/${kind}/${encodeURIComponent(id)}`;
}
