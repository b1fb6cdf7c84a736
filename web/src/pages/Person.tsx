import { useState } from 'preact/hooks';
import { allows } from '../access';
import { api, listAll, peopleByIds } from '../api/routes';
import { ApiError } from '../api/errors';
import type { Affiliation, AuditRow, Ego, Group, Merge, NetworkNode, Person, Place, Tie } from '../api/types';
import { EgoCircles, type EgoContact } from '../components/EgoCircles';
import { consentFor, consentScopes, networkSentences } from './personWords';
import type { PageProps } from '../App';
import { Button, ChoiceField, ErrorSummary, errorFor, optionsOf, SelectField, TextField, toFieldError, type FieldError } from '../components/forms';
import { formatDate, joinTags, word, words } from '../format';
import { Loaded, useLoad, usePageTitle } from '../page';
import { grants } from '../session';
import { mergesPath } from './Merges';
import { mergedAway, mergedAwayWords, movedWords } from './mergeWords';

interface Profile {
  person: Person;
  ties: { tie: Tie; other: Person | null }[];
  affiliations: { aff: Affiliation; name: string }[];
  groups: Group[];
  places: Place[];
  /** Only for network_detail roles (admin, researcher): the engine's ego answer and their node of …/network. */
  ego: { ego: Ego; node: NetworkNode | null } | { error: string } | null;
  /** Only for area admins: who has viewed or changed the record, newest first. */
  audit: AuditRow[] | null;
}

async function loadEgo(area: string, id: string): Promise<Profile['ego']> {
  if (!allows(grants.value, area, 'network_detail')) return null;
  try {
    const [ego, network] = await Promise.all([api.ego(area, id), api.network(area, { person: id })]);
    return { ego, node: network.nodes.find((n) => n.id === id) ?? null };
  } catch (e) {
    return { error: toFieldError(e, []).message };
  }
}

async function loadAudit(area: string, id: string): Promise<AuditRow[] | null> {
  if (!allows(grants.value, area, 'area_admin')) return null;
  return (await api.audit(area, { person: id, limit: 50 })).items;
}

async function loadProfile(area: string, person: Person): Promise<Profile> {
  const id = person.id;
  // The whole directory of groups and places: the form to add one offers them all.
  const [ties, affs, groups, places, ego, audit] = await Promise.all([
    listAll((p) => api.ties(area, { ...p, person: id })),
    listAll((p) => api.affiliations(area, { ...p, person: id })),
    listAll((p) => api.groups(area, p)),
    listAll((p) => api.places(area, p)),
    loadEgo(area, id),
    loadAudit(area, id),
  ]);
  // The people at the other end of the ties, read by id (200 a request), not one request a tie.
  const otherId = (t: Tie) => (t.source_id === id ? t.target_id : t.source_id);
  const byId = new Map((await peopleByIds(area, [...new Set(ties.map(otherId))])).map((p) => [p.id, p]));
  const others = ties.map((t) => byId.get(otherId(t)) ?? null);
  const nameOf = new Map<string, string>([...groups, ...places].map((x) => [x.id, x.name]));
  return {
    person,
    ties: ties.map((tie, i) => ({ tie, other: others[i] ?? null })),
    affiliations: affs.map((aff) => ({ aff, name: nameOf.get(aff.group_id ?? aff.place_id ?? '') ?? 'A group or place no longer listed' })),
    groups,
    places,
    ego,
    audit,
  };
}

type PersonView = { kind: 'profile'; profile: Profile } | { kind: 'merged'; merge: Merge };

/**
 * A record merged into another is gone from the register (404), but an old
 * link to it (a survey, a bookmark, the audit) should still lead somewhere:
 * the page then says whose record it is now part of.
 */
async function loadPerson(area: string, id: string): Promise<PersonView> {
  // The record first: the rest of the page (ties, ego network, audit) is asked for only when it exists.
  let person: Person;
  try {
    person = await api.person(area, id);
  } catch (e) {
    const merge = e instanceof ApiError && e.status === 404 ? await standingMergeOf(area, id) : null;
    if (merge) return { kind: 'merged', merge };
    throw e;
  }
  return { kind: 'profile', profile: await loadProfile(area, person) };
}

async function standingMergeOf(area: string, id: string): Promise<Merge | null> {
  if (!allows(grants.value, area, 'register_read')) return null;
  try {
    return mergedAway((await api.merges(area, id)).items, id);
  } catch {
    return null;  // the page then says the record was not found, as the register did
  }
}

export function PersonPage({ params }: PageProps) {
  const area = params.area as string;
  const id = params.id as string;
  const [load, reload] = useLoad(() => loadPerson(area, id), [area, id]);
  const name = load.state !== 'done' ? 'Person'
    : load.value.kind === 'profile' ? load.value.profile.person.display_name
    : 'This record was merged';
  usePageTitle(name, area);
  return (
    <>
      <h1>{name}</h1>
      <Loaded load={load} what="the person's record">
        {(v) => v.kind === 'profile'
          ? <ProfileBody area={area} profile={v.profile} reload={reload} />
          : <MergedAway area={area} merge={v.merge} />}
      </Loaded>
    </>
  );
}

function MergedAway({ area, merge }: { area: string; merge: Merge }) {
  const a = encodeURIComponent(area);
  return (
    <>
      <p>{mergedAwayWords(merge)}</p>
      <p><a class="button" href={`/areas/${a}/people/${encodeURIComponent(merge.kept.id)}`}>Open {merge.kept.display_name}’s record</a></p>
      {allows(grants.value, area, 'register_write')
        ? <p>If they are not the same person, the merge can be undone on the <a class="link" href={mergesPath(area)}>Merged records</a> page.</p>
        : null}
    </>
  );
}

function ProfileBody({ area, profile, reload }: { area: string; profile: Profile; reload: () => void }) {
  const p = profile.person;
  const canWrite = allows(grants.value, area, 'register_write');
  const a = encodeURIComponent(area);
  const rows: [string, string][] = [
    ['Pseudonym', p.is_pseudonym ? 'Yes, this name is a pseudonym' : 'No'],
    ['Decade of birth', word('birth_band', p.birth_band) || 'Not known'],
    ['Postcode district', p.postcode_district ?? 'Not known'],
    ['Household', p.household ?? 'Not recorded'],
    ['Interests', joinTags(p.interests) || 'None recorded'],
    ['Languages', joinTags(p.languages) || 'None recorded'],
    ['Access needs', joinTags(p.accessibility_needs) || 'None recorded'],
    ['Notes', p.notes ?? 'None'],
  ];
  return (
    <>
      {canWrite ? <p><a class="button button--secondary" href={`/areas/${a}/people/${encodeURIComponent(p.id)}/edit`}>Change details</a></p> : null}
      <h2>Details</h2>
      <dl class="summary-list">
        {rows.map(([k, v]) => (
          <div class="summary-list__row" key={k}><dt class="summary-list__key">{k}</dt><dd class="summary-list__value">{v}</dd></div>
        ))}
      </dl>

      <h2>Consent</h2>
      <dl class="summary-list">
        {consentScopes.map((scope) => (
          <div class="summary-list__row" key={scope}><dt class="summary-list__key">{word('consent_scope', scope)}</dt><dd class="summary-list__value">{consentFor(p, scope)}</dd></div>
        ))}
      </dl>

      {profile.ego !== null ? <Connections person={p} ties={profile.ties} ego={profile.ego} /> : null}

      <h2>Ties</h2>
      {profile.ties.length === 0 ? <p>No ties are recorded for {p.display_name}.</p> : (
        <div class="table-wrap">
          <table class="table table--reflow">
            <caption class="visually-hidden">{p.display_name}’s ties</caption>
            <thead><tr><th scope="col">With</th><th scope="col">Kind</th><th scope="col">Closeness</th><th scope="col">Contact</th><th scope="col">Since</th>{canWrite ? <th scope="col">Change</th> : null}</tr></thead>
            <tbody>
              {profile.ties.map(({ tie, other }) => (
                <tr key={tie.id}>
                  <th scope="row" data-label="With">{other ? <a href={`/areas/${a}/people/${encodeURIComponent(other.id)}`}>{other.display_name}</a> : 'A person no longer in the register'}</th>
                  <td data-label="Kind">{word('tie_kind', tie.kind)}</td>
                  <td data-label="Closeness">{tie.closeness} of 5</td>
                  <td data-label="Contact">{word('frequency', tie.frequency)}</td>
                  <td data-label="Since">{formatDate(tie.valid_from) || 'Not recorded'}{tie.valid_to ? `, until ${formatDate(tie.valid_to)}` : ''}</td>
                  {canWrite ? <td data-label="Change"><TieActions area={area} tie={tie} otherName={other?.display_name ?? 'this person'} reload={reload} /></td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Groups and places</h2>
      {profile.affiliations.length === 0 ? <p>{p.display_name} is not recorded at any group or place.</p> : (
        <ul class="list">
          {profile.affiliations.map(({ aff, name }) => (
            <li key={aff.id}>
              {name}: {word('affiliation_role', aff.role).toLowerCase()}{aff.frequency ? `, ${word('frequency', aff.frequency).toLowerCase()}` : ''}
              {aff.valid_from ? `, since ${formatDate(aff.valid_from)}` : ''}
              {canWrite ? <RemoveAffiliation area={area} aff={aff} name={name} reload={reload} /> : null}
            </li>
          ))}
        </ul>
      )}

      {profile.audit !== null ? <Viewed rows={profile.audit} /> : null}

      {canWrite ? <AddTie area={area} person={p} onDone={reload} /> : null}
      {canWrite ? <AddAffiliation area={area} person={p} groups={profile.groups} places={profile.places} onDone={reload} /> : null}
      {canWrite ? <MergeInto area={area} person={p} onDone={reload} /> : null}
    </>
  );
}

/** A tie counts in the ego network while it has not ended (the engine reads the register as of today). */
function current(tie: Tie): boolean {
  return tie.valid_to === null || tie.valid_to > today();
}

function Connections({ person, ties, ego }: { person: Person; ties: Profile['ties']; ego: NonNullable<Profile['ego']> }) {
  const contacts: EgoContact[] = ties.filter(({ tie }) => current(tie)).map(({ tie, other }) => ({
    id: other?.id ?? tie.id, name: other?.display_name ?? 'A person no longer in the register',
    kind: tie.kind, closeness: tie.closeness, frequency: tie.frequency,
  })).sort((a, b) => b.closeness - a.closeness || a.name.localeCompare(b.name, 'en-GB'));
  return (
    <section aria-labelledby="connections-title">
      <h2 id="connections-title">Connections</h2>
      {'error' in ego ? <p class="notice notice--error" role="alert">{ego.error}</p> : (
        <ul class="list" aria-label="What the network says">
          {networkSentences(ego.ego, ego.node).map((s) => <li key={s}>{s}</li>)}
        </ul>
      )}
      {contacts.length === 0 ? null : (
        <>
          <EgoCircles name={person.display_name} contacts={contacts} />
          <div class="table-wrap">
            <table class="table table--reflow">
              <caption>{person.display_name}’s contacts, closest first</caption>
              <thead><tr><th scope="col">Contact</th><th scope="col">Kind</th><th scope="col">Closeness</th><th scope="col">How often</th></tr></thead>
              <tbody>
                {contacts.map((c) => (
                  <tr key={c.id + c.kind + String(c.closeness)}>
                    <th scope="row" data-label="Contact">{c.name}</th>
                    <td data-label="Kind">{word('tie_kind', c.kind)}</td>
                    <td data-label="Closeness">{c.closeness} of 5</td>
                    <td data-label="How often">{word('frequency', c.frequency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** An audit row's route in words: what the user looked at or changed. */
function whatWasDone(row: AuditRow): string {
  const route = row.route ?? '';
  const known: [RegExp, string][] = [
    [/^GET .*\/people\/\{id\}\/ego$/, 'Looked at their connections'],
    [/^GET .*\/people\/\{id\}$/, 'Opened the record'],
    [/^PATCH .*\/people\/\{id\}$/, 'Changed the details'],
    [/^POST .*\/people$/, 'Added the record'],
    [/^GET .*\/ties/, 'Looked at their ties'],
    [/^POST .*\/ties/, 'Added a tie'],
    [/^(PATCH|DELETE) .*\/ties/, 'Changed or deleted a tie'],
    [/^GET .*\/affiliations/, 'Looked at their groups and places'],
    [/affiliations/, 'Changed their groups and places'],
    [/\/network/, 'Read the network analysis'],
  ];
  const hit = known.find(([re]) => re.test(route));
  return hit ? hit[1] : `${row.action}${route ? ` (${route})` : ''}`;
}

function Viewed({ rows }: { rows: AuditRow[] }) {
  return (
    <section aria-labelledby="viewed-title">
      <h2 id="viewed-title">Who has viewed this record</h2>
      {rows.length === 0 ? <p>No one has viewed this record yet.</p> : (
        <div class="table-wrap">
          <table class="table table--reflow">
            <caption class="visually-hidden">Who has viewed this record, newest first</caption>
            <thead><tr><th scope="col">User</th><th scope="col">When (UTC)</th><th scope="col">What</th></tr></thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.seq}>
                  <th scope="row" data-label="User">{r.actor}</th>
                  <td data-label="When">{dateTime.format(new Date(r.at))}</td>
                  <td data-label="What">{whatWasDone(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length === 50 ? <p>The latest 50 are shown.</p> : null}
    </section>
  );
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function TieActions({ area, tie, otherName, reload }: { area: string; tie: Tie; otherName: string; reload: () => void }) {
  const [error, setError] = useState<string | null>(null);
  async function run(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      reload();
    } catch (e) {
      setError(toFieldError(e, []).message);
    }
  }
  return (
    <div class="inline-actions">
      {tie.valid_to ? null : (
        <button class="button button--secondary button--small" type="button" onClick={() => run(() => api.updateTie(area, tie.id, { valid_to: today(), revision: tie.revision }))}>
          End today<span class="visually-hidden"> the tie with {otherName}</span>
        </button>
      )}
      <button class="button button--warning button--small" type="button" onClick={() => { if (window.confirm(`Delete the tie with ${otherName}? It will no longer count in any analysis.`)) void run(() => api.deleteTie(area, tie.id)); }}>
        Delete<span class="visually-hidden"> the tie with {otherName}</span>
      </button>
      {error ? <p class="error-message" role="alert">{error}</p> : null}
    </div>
  );
}

function RemoveAffiliation({ area, aff, name, reload }: { area: string; aff: Affiliation; name: string; reload: () => void }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {' '}
      <button class="button button--warning button--small" type="button" onClick={() => {
        if (!window.confirm(`Remove them from ${name}?`)) return;
        api.deleteAffiliation(area, aff.id).then(reload, (e) => setError(toFieldError(e, []).message));
      }}>
        Remove<span class="visually-hidden"> from {name}</span>
      </button>
      {error ? <span class="error-message" role="alert">{error}</span> : null}
    </>
  );
}

const tieFields = ['target_id', 'kind', 'closeness', 'frequency', 'valid_from'];

function AddTie({ area, person, onDone }: { area: string; person: Person; onDone: () => void }) {
  const [search, setSearch] = useState('');
  const [matches, setMatches] = useState<Person[] | null>(null);
  const [target, setTarget] = useState('');
  const [kind, setKind] = useState('');
  const [closeness, setCloseness] = useState('');
  const [frequency, setFrequency] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string | null>(null);

  async function find() {
    setDone(null);
    if (search.trim() === '') {
      setErrors([{ field: 'tie-search', message: 'Enter part of the other person’s name to search for them' }]);
      return;
    }
    setErrors([]);
    try {
      const page = await api.people(area, { q: search.trim(), limit: 20 });
      const found = page.items.filter((p) => p.id !== person.id);
      setMatches(found);
      setTarget(found[0]?.id ?? '');
    } catch (e) {
      setErrors([toFieldError(e, [])]);
    }
  }

  async function submit(e: Event) {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (target === '') missing.push({ field: 'tie-search', message: 'Search for the other person and choose them' });
    if (kind === '') missing.push({ field: 'kind', message: 'Choose the kind of tie' });
    if (closeness === '') missing.push({ field: 'closeness', message: 'Choose how close they are, from 1 to 5' });
    if (frequency === '') missing.push({ field: 'frequency', message: 'Choose how often they are in contact' });
    setErrors(missing);
    if (missing.length) return;
    try {
      await api.createTie(area, {
        source_id: person.id, target_id: target, kind, closeness: Number(closeness), frequency,
        valid_from: validFrom.trim() === '' ? null : validFrom.trim(),
      });
      const name = matches?.find((m) => m.id === target)?.display_name ?? 'them';
      setDone(`Tie with ${name} added.`);
      setSearch(''); setMatches(null); setTarget(''); setKind(''); setCloseness(''); setFrequency(''); setValidFrom('');
      onDone();
    } catch (error) {
      const fe = toFieldError(error, ['target_id', ...tieFields]);
      setErrors([fe.field === 'target_id' ? { ...fe, field: 'tie-search' } : fe]);
    }
  }

  return (
    <section class="panel" aria-labelledby="add-tie-title">
      <h2 id="add-tie-title">Add a tie</h2>
      {done ? <p class="notice notice--success" role="status">{done}</p> : null}
      <ErrorSummary errors={errors} id="tie-errors" />
      <form onSubmit={submit} noValidate>
        <div class={`form-group${errorFor(errors, 'tie-search') ? ' form-group--error' : ''}`}>
          <label class="label" for="f-tie-search">Find the other person by name</label>
          {errorFor(errors, 'tie-search') ? <p class="error-message" id="f-tie-search-error"><span class="visually-hidden">Error: </span>{errorFor(errors, 'tie-search')}</p> : null}
          <div class="search-row">
            <input id="f-tie-search" class="input input--medium" type="search" value={search} aria-describedby={errorFor(errors, 'tie-search') ? 'f-tie-search-error' : undefined}
              onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void find(); } }} />
            <button class="button button--secondary" type="button" onClick={() => void find()}>Search</button>
          </div>
        </div>
        {matches !== null ? (
          matches.length === 0 ? <p role="status">No one else matches “{search}”. Try another part of the name.</p> : (
            <SelectField name="target_id" label={`Choose the person (${matches.length} found)`} value={target} onChange={setTarget} options={matches.map((m) => [m.id, `${m.display_name}${m.postcode_district ? `, ${m.postcode_district}` : ''}${m.household ? `, ${m.household}` : ''}`])} />
          )
        ) : null}
        <SelectField name="kind" label="Kind of tie" value={kind} onChange={setKind} options={optionsOf(words.tie_kind)} emptyLabel="Choose a kind" error={errorFor(errors, 'kind')} />
        <ChoiceField name="closeness" kind="radio" inline label="How close are they?" hint="1 is distant, 5 is very close" options={[['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5']]} selected={[closeness]} onChange={(v) => setCloseness(v[0] ?? '')} error={errorFor(errors, 'closeness')} />
        <SelectField name="frequency" label="How often are they in contact?" value={frequency} onChange={setFrequency} options={optionsOf(words.frequency)} emptyLabel="Choose how often" error={errorFor(errors, 'frequency')} />
        <TextField name="valid_from" label="First day of the tie" required={false} hint="For example, 2024-03-06" value={validFrom} onInput={setValidFrom} error={errorFor(errors, 'valid_from')} width="short" autocomplete="off" />
        <Button>Add tie</Button>
      </form>
    </section>
  );
}

function AddAffiliation({ area, person, groups, places, onDone }: { area: string; person: Person; groups: Group[]; places: Place[]; onDone: () => void }) {
  const [where, setWhere] = useState('');
  const [role, setRole] = useState('');
  const [frequency, setFrequency] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const options: [string, string][] = [
    ...groups.map((g): [string, string] => [g.id, `${g.name} (group)`]),
    ...places.map((p): [string, string] => [p.id, `${p.name} (place)`]),
  ];
  async function submit(e: Event) {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (where === '') missing.push({ field: 'aff-where', message: 'Choose the group or place' });
    if (role === '') missing.push({ field: 'role', message: 'Choose their role there' });
    setErrors(missing);
    if (missing.length) return;
    try {
      const isGroup = where.startsWith('gr_') || groups.some((g) => g.id === where);
      await api.createAffiliation(area, {
        person_id: person.id, ...(isGroup ? { group_id: where } : { place_id: where }), role,
        frequency: frequency === '' ? null : frequency, valid_from: validFrom.trim() === '' ? null : validFrom.trim(),
      });
      setDone(`Added to ${options.find((o) => o[0] === where)?.[1] ?? 'the group or place'}.`);
      setWhere(''); setRole(''); setFrequency(''); setValidFrom('');
      onDone();
    } catch (error) {
      const fe = toFieldError(error, ['group_id', 'place_id', 'role', 'frequency', 'valid_from']);
      const local: Record<string, string> = { group_id: 'aff-where', place_id: 'aff-where', frequency: 'aff-frequency', valid_from: 'aff-valid_from' };
      setErrors([fe.field !== null && local[fe.field] ? { ...fe, field: local[fe.field] as string } : fe]);
    }
  }
  return (
    <section class="panel" aria-labelledby="add-aff-title">
      <h2 id="add-aff-title">Add to a group or place</h2>
      {done ? <p class="notice notice--success" role="status">{done}</p> : null}
      <ErrorSummary errors={errors} id="aff-errors" />
      <form onSubmit={submit} noValidate>
        <SelectField name="aff-where" label="Group or place" value={where} onChange={setWhere} options={options} emptyLabel="Choose one" error={errorFor(errors, 'aff-where')} />
        <SelectField name="role" label="Their role there" value={role} onChange={setRole} options={optionsOf(words.affiliation_role)} emptyLabel="Choose a role" error={errorFor(errors, 'role')} />
        <SelectField name="aff-frequency" label="How often they take part (optional)" value={frequency} onChange={setFrequency} options={optionsOf(words.frequency)} emptyLabel="Not known" error={errorFor(errors, 'aff-frequency')} />
        <TextField name="aff-valid_from" label="First day" required={false} hint="For example, 2024-03-06" value={validFrom} onInput={setValidFrom} error={errorFor(errors, 'aff-valid_from')} width="short" autocomplete="off" />
        <Button>Add to group or place</Button>
      </form>
    </section>
  );
}

/**
 * Same person recorded twice (docs/merges.md): find the other record, say
 * why, check, then merge it into this one. Undone from the Merged records page.
 */
function MergeInto({ area, person, onDone }: { area: string; person: Person; onDone: () => void }) {
  const [search, setSearch] = useState('');
  const [matches, setMatches] = useState<Person[] | null>(null);
  const [other, setOther] = useState('');
  const [reason, setReason] = useState('');
  const [checking, setChecking] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const chosen = matches?.find((m) => m.id === other) ?? null;
  const describe = (m: Person) => `${m.display_name}${m.household ? `, ${m.household}` : ''}${m.postcode_district ? `, ${m.postcode_district}` : ''}`;

  async function find() {
    setDone(null);
    setChecking(false);
    if (search.trim() === '') {
      setErrors([{ field: 'merge-search', message: 'Enter part of the other record’s name to search for it' }]);
      return;
    }
    setErrors([]);
    try {
      const page = await api.people(area, { q: search.trim(), limit: 20 });
      const found = page.items.filter((m) => m.id !== person.id);
      setMatches(found);
      setOther(found[0]?.id ?? '');
    } catch (e) {
      setErrors([toFieldError(e, [])]);
    }
  }

  function check(e: Event) {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (other === '') missing.push({ field: 'merge-search', message: 'Search for the other record and choose it' });
    if (reason.trim() === '') missing.push({ field: 'reason', message: 'Say why these are one person, for whoever checks it later' });
    setErrors(missing);
    if (missing.length === 0) setChecking(true);
  }

  async function merge() {
    try {
      const m = await api.mergePeople(area, { keep: person.id, merge: other, reason: reason.trim() });
      setDone(`${m.merged.display_name} is merged into ${m.kept.display_name}: ${movedWords(m.moved)} moved.`);
      setSearch(''); setMatches(null); setOther(''); setReason(''); setChecking(false); setErrors([]);
      onDone();
    } catch (error) {
      const fe = toFieldError(error, ['merge', 'reason']);
      setChecking(false);
      setErrors([fe.field === 'merge' ? { ...fe, field: 'merge-search' } : fe]);
    }
  }

  return (
    <section class="panel" aria-labelledby="merge-title">
      <h2 id="merge-title">Same person recorded twice?</h2>
      <p>If another record is also {person.display_name} — a name from a survey, or a second entry — merge it into this one. Its ties, groups and places and survey answers move here, and it leaves the lists. It can be undone on the <a href={mergesPath(area)}>Merged records</a> page.</p>
      {done ? <p class="notice notice--success" role="status">{done} <a href={mergesPath(area)}>See the merged records</a></p> : null}
      <ErrorSummary errors={errors} id="merge-errors" />
      {checking && chosen ? (
        <div>
          <h3>Check before you merge</h3>
          <dl class="summary-list">
            <div class="summary-list__row"><dt class="summary-list__key">Record kept</dt><dd class="summary-list__value">{describe(person)}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">Merged into it</dt><dd class="summary-list__value">{describe(chosen)}</dd></div>
            <div class="summary-list__row"><dt class="summary-list__key">Why</dt><dd class="summary-list__value">{reason.trim()}</dd></div>
          </dl>
          <div class="button-group">
            <Button onClick={() => void merge()} type="button">Merge {chosen.display_name} into {person.display_name}</Button>
            <Button secondary type="button" onClick={() => setChecking(false)}>Change</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={check} noValidate>
          <div class={`form-group${errorFor(errors, 'merge-search') ? ' form-group--error' : ''}`}>
            <label class="label" for="f-merge-search">Find the other record by name</label>
            {errorFor(errors, 'merge-search') ? <p class="error-message" id="f-merge-search-error"><span class="visually-hidden">Error: </span>{errorFor(errors, 'merge-search')}</p> : null}
            <div class="search-row">
              <input id="f-merge-search" class="input input--medium" type="search" value={search} aria-describedby={errorFor(errors, 'merge-search') ? 'f-merge-search-error' : undefined}
                onInput={(e) => setSearch((e.currentTarget as HTMLInputElement).value)}
                onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void find(); } }} />
              <button class="button button--secondary" type="button" onClick={() => void find()}>Search</button>
            </div>
          </div>
          {matches !== null ? (
            matches.length === 0 ? <p role="status">No other record matches “{search}”. Try another part of the name.</p> : (
              <SelectField name="merge-other" label={`Choose the record (${matches.length} found)`} value={other} onChange={setOther} options={matches.map((m) => [m.id, describe(m)])} />
            )
          ) : null}
          <TextField name="reason" label="Why are they one person?" hint="For example: same name and household; she confirmed it at the door" multiline value={reason} onInput={setReason} error={errorFor(errors, 'reason')} />
          <Button>Check the merge</Button>
        </form>
      )}
    </section>
  );
}
