// Consent (register_write: admins, researchers): where the area's consent stands,
// the people by status, and one person's decision recorded with the record's
// revision. Area admins also get the person's subject access download and erasure.
import { useEffect, useRef, useState } from 'preact/hooks';
import { allows } from '../access';
import { isStaleRevision } from '../api/errors';
import { api } from '../api/routes';
import type { ConsentCounts, ConsentScope, ConsentStatus, Page, Person } from '../api/types';
import type { PageProps } from '../App';
import { Button, ErrorSummary, errorFor, fieldId, SelectField, TextField, toFieldError, type FieldError } from '../components/forms';
import { countOf, formatCount, formatDate, word } from '../format';
import { Failed, Loaded, Loading, useLoad, usePageTitle } from '../page';
import { location, navigate } from '../router';
import { grants } from '../session';
import {
  consentQueryString, consentScopeOrder, consentStatuses, consentSummary, decisionEffect, givenForSentence, listedCount,
  localToday, parseConsentQuery, scopeExplained, statusExplained, statusSentence, type ConsentQuery,
} from './consentWords';
import { recordsBefore, trailAfter, trailBefore } from './cursorTrail';

const pageSize = 50;

/** One page of the list, with the counts the page states; all counted by the server. */
interface Listing {
  /** The whole area's consent, for "Where consent stands". */
  area: ConsentCounts;
  /** The same counts of the people the search finds (the area's without a search). */
  matching: ConsentCounts;
  page: Page<Person>;
}

async function loadListing(area: string, q: ConsentQuery): Promise<Listing> {
  const [whole, searched, page] = await Promise.all([
    api.consentCounts(area, ''),
    q.q ? api.consentCounts(area, q.q) : Promise.resolve(null),
    api.people(area, { consent: q.status ?? undefined, q: q.q || undefined, cursor: q.cursor ?? undefined, limit: pageSize }),
  ]);
  return { area: whole, matching: searched ?? whole, page };
}

/** The engine's count of people in the analyses (the summary's), for roles that may read it. */
function loadInAnalyses(area: string): Promise<number | null> {
  return allows(grants.value, area, 'aggregates') ? api.summary(area).then((s) => s.graph.people) : Promise.resolve(null);
}

export function ConsentPage({ params }: PageProps) {
  const area = params.area as string;
  usePageTitle('Consent', area);
  const q = parseConsentQuery(location.value.search);
  const listKey = consentQueryString({ ...q, person: null });
  const [load, reload] = useLoad(() => loadListing(area, q), [area, listKey]);
  const [analyses, reloadAnalyses] = useLoad(() => loadInAnalyses(area), [area]);
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  const base = `/areas/${encodeURIComponent(area)}/consent`;
  useEffect(() => {
    if (notice !== null) noticeRef.current?.focus();
  }, [notice]);
  // A message about the last decision goes once another person's is opened.
  useEffect(() => {
    if (q.person !== null) setNotice(null);
  }, [q.person]);

  const listUrl = (over: Partial<ConsentQuery>) => base + consentQueryString({ ...q, person: null, ...over });
  const inAnalyses = analyses.state === 'done' ? analyses.value : null;

  return (
    <>
      <h1>Consent</h1>
      <p class="lead">
        Record whether each person has agreed to kith holding and using their details, and for what. A decision counts
        at once: people who refused or withdrew consent, or whose consent does not cover research, are left out of every
        analysis and export from the moment it is saved.
      </p>
      {notice !== null ? <p class="notice notice--success" role="status" tabIndex={-1} ref={noticeRef}>{notice}</p> : null}
      <Loaded load={load} what="the register's consent">
        {(r) => (
          <>
            <Overview counts={r.area} inAnalyses={inAnalyses} q={q} listUrl={listUrl} />
            {q.person !== null ? (
              <Decision
                key={q.person}
                area={area}
                id={q.person}
                closeUrl={listUrl({})}
                onDone={(message) => {
                  setNotice(message);
                  navigate(listUrl({}));
                  reload();
                  reloadAnalyses();
                }}
              />
            ) : null}
            <Filters q={q} base={base} />
            <ConsentTable area={area} q={q} listing={r} listUrl={listUrl} />
          </>
        )}
      </Loaded>
    </>
  );
}

function Overview({ counts, inAnalyses, q, listUrl }: { counts: ConsentCounts; inAnalyses: number | null; q: ConsentQuery; listUrl: (o: Partial<ConsentQuery>) => string }) {
  const given = givenForSentence(counts);
  return (
    <section aria-labelledby="consent-overview">
      <h2 id="consent-overview">Where consent stands</h2>
      <p>The register holds {countOf(counts.people, 'person', 'people')}.{inAnalyses !== null ? ` ${countOf(inAnalyses, 'person is', 'people are')} in the network analyses, the dashboard and the network map today.` : ''}</p>
      <ul class="list consent-counts">
        {consentStatuses.map((s) => (
          <li key={s}>
            <a href={listUrl({ status: s, q: '', cursor: null, back: [] })} aria-current={q.status === s && q.q === '' ? 'true' : undefined}>{statusSentence(s, counts.by_status[s])}</a>
            {s === 'given' && given ? <span class="cell-hint">{given}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Filters({ q, base }: { q: ConsentQuery; base: string }) {
  const [status, setStatus] = useState<string>(q.status ?? '');
  const [text, setText] = useState(q.q);
  useEffect(() => { setStatus(q.status ?? ''); setText(q.q); }, [q.status, q.q]);
  return (
    <form class="filters" role="search" aria-label="People by consent" onSubmit={(e) => {
      e.preventDefault();
      navigate(base + consentQueryString({ status: status === '' ? null : (status as ConsentStatus), q: text.trim() }));
    }}>
      <h2 class="filters__title">Find people</h2>
      <div class="filters__row">
        <SelectField name="consent-filter-status" label="Consent status" value={status} onChange={setStatus}
          options={consentStatuses.map((s) => [s, word('consent_status', s)])} emptyLabel="Any status" />
        <div class="form-group">
          <label class="label" for="consent-q">Search by name, household or notes</label>
          <input id="consent-q" class="input input--medium" type="search" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
        </div>
      </div>
      <Button secondary>Show people</Button>
    </form>
  );
}

function ConsentTable({ area, q, listing, listUrl }: { area: string; q: ConsentQuery; listing: Listing; listUrl: (o: Partial<ConsentQuery>) => string }) {
  const rows = listing.page.items;
  const total = listedCount(listing.matching, q.status);
  const from = recordsBefore(q, pageSize);
  const before = trailBefore(q);
  const after = trailAfter(q, listing.page.next_cursor);
  const who = q.status ? ` whose consent is “${word('consent_status', q.status).toLowerCase()}”` : '';
  const search = q.q ? ` matching “${q.q}”` : '';
  // The counts and the page are two reads: a decision saved between them may
  // leave the count one short of the rows shown, so the heading never says less.
  const heading = rows.length === 0
    ? `No people${who}${search}`
    : `${formatCount(from + 1)} to ${formatCount(from + rows.length)} of ${countOf(Math.max(total, from + rows.length), 'person', 'people')}${who}${search}`;
  const a = encodeURIComponent(area);
  return (
    <>
      <p role="status" class="result-count">{heading}</p>
      {rows.length > 0 ? (
        <div class="table-wrap">
          <table class="table table--reflow">
            <caption class="visually-hidden">People and their consent</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Consent</th><th scope="col">Day recorded</th><th scope="col">Decision</th></tr></thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id}>
                  <th scope="row" data-label="Name"><a href={`/areas/${a}/people/${encodeURIComponent(p.id)}`}>{p.display_name}</a></th>
                  <td data-label="Consent">{consentSummary(p)}</td>
                  <td data-label="Day recorded">{formatDate(p.consent_date) || 'None'}</td>
                  <td data-label="Decision"><a href={listUrl({ person: p.id })}>Record a decision<span class="visually-hidden"> for {p.display_name}</span></a></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {before !== null || after !== null ? (
        <nav class="pagination" aria-label="Pages of people">
          {before !== null ? <a class="pagination__link" rel="prev" href={listUrl(before)}>Previous page</a> : null}
          {after !== null ? <a class="pagination__link" rel="next" href={listUrl(after)}>Next page</a> : null}
        </nav>
      ) : null}
    </>
  );
}

interface DecisionDraft {
  status: ConsentStatus;
  scope: ConsentScope[];
  date: string;
}

function draftFrom(p: Person): DecisionDraft {
  return { status: p.consent_status, scope: [...p.consent_scope], date: localToday() };
}

const decisionFields = ['consent_status', 'consent_scope', 'consent_date'];

function Decision({ area, id, closeUrl, onDone }: { area: string; id: string; closeUrl: string; onDone: (message: string) => void }) {
  const [person, setPerson] = useState<Person | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<DecisionDraft | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [conflict, setConflict] = useState(false);
  const [reloaded, setReloaded] = useState(false);
  const [busy, setBusy] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const read = () => api.person(area, id).then((p) => { setPerson(p); setDraft(draftFrom(p)); }, setLoadError);
  useEffect(() => { void read(); }, [area, id]);
  useEffect(() => {
    // The panel opens from a link further down the page: the reader goes to it.
    if (person !== null) headingRef.current?.focus();
  }, [person?.id]);

  if (loadError) return <section class="panel" aria-label="Consent decision"><Failed error={loadError} /><p><a href={closeUrl}>Back to the list</a></p></section>;
  if (person === null || draft === null) return <section class="panel" aria-label="Consent decision"><Loading what="the person's record" /></section>;
  const name = person.display_name;

  async function save(e: Event) {
    e.preventDefault();
    if (person === null || draft === null) return;
    setConflict(false);
    setReloaded(false);
    const missing: FieldError[] = [];
    if (draft.status !== 'not_asked' && draft.date.trim() === '') missing.push({ field: 'consent_date', message: 'Enter the day of the decision, such as 2024-03-06' });
    setErrors(missing);
    if (missing.length) return;
    const body = {
      consent_status: draft.status,
      consent_scope: draft.status === 'given' ? consentScopeOrder.filter((s) => draft.scope.includes(s)) : [],
      consent_date: draft.status === 'not_asked' ? null : draft.date.trim(),
      revision: person.revision,
    };
    setBusy(true);
    try {
      await api.updatePerson(area, person.id, body);
      onDone(`Consent recorded for ${name}: ${consentSummary({ consent_status: body.consent_status, consent_scope: body.consent_scope }).toLowerCase()}.`);
    } catch (error) {
      if (isStaleRevision(error)) {
        setConflict(true);
        setErrors([{ field: null, message: `Someone else changed ${name}’s record since you opened it, so your decision was not saved. Reload their record to see the change, then record your decision again.` }]);
      } else {
        setErrors([toFieldError(error, decisionFields)]);
      }
    } finally {
      setBusy(false);
    }
  }

  async function reloadRecord() {
    setErrors([]);
    setConflict(false);
    await read();
    setReloaded(true);
  }

  const set = (over: Partial<DecisionDraft>) => setDraft((d) => (d ? { ...d, ...over } : d));
  const err = (f: string) => errorFor(errors, f);
  return (
    <section class="panel" aria-labelledby="decision-title">
      <h2 id="decision-title" tabIndex={-1} ref={headingRef}>Record a consent decision for {name}</h2>
      <p>Now: {consentSummary(person)}{person.consent_date ? `, dated ${formatDate(person.consent_date)}` : ''}.</p>
      {reloaded ? <p class="notice" role="status">This is {name}’s record as it is now. Record your decision again if it still applies.</p> : null}
      <ErrorSummary errors={errors} id="decision-errors" />
      {conflict ? <p><Button type="button" secondary onClick={() => void reloadRecord()}>Reload {name}’s record</Button></p> : null}
      <form onSubmit={save} noValidate>
        <StatusChoice value={draft.status} onChange={(status) => set({ status })} error={err('consent_status')} />
        {draft.status === 'given' ? <ScopeChoice value={draft.scope} onChange={(scope) => set({ scope })} error={err('consent_scope')} /> : null}
        {draft.status !== 'not_asked' ? (
          <TextField name="consent_date" label="Day of the decision" hint="Today, unless it was made on another day. For example, 2024-03-06."
            value={draft.date} onInput={(date) => set({ date })} error={err('consent_date')} width="short" autocomplete="off" />
        ) : null}
        <p class="notice consent-effect"><strong>What this does: </strong>{decisionEffect(name, draft.status, draft.scope)}</p>
        <div class="button-group">
          <Button disabled={busy}>Save the decision</Button>
          <a class="link" href={closeUrl}>Cancel</a>
        </div>
      </form>
      {allows(grants.value, area, 'area_admin') ? <PersonalData area={area} person={person} onErased={onDone} /> : null}
    </section>
  );
}

function StatusChoice({ value, onChange, error }: { value: ConsentStatus; onChange: (s: ConsentStatus) => void; error?: string | undefined }) {
  const name = 'consent_status';
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset class="fieldset" aria-describedby={error ? `${fieldId(name)}-error` : undefined}>
        <legend class="fieldset__legend">Their decision</legend>
        {error ? <p id={`${fieldId(name)}-error`} class="error-message"><span class="visually-hidden">Error: </span>{error}</p> : null}
        <div class="choices">
          {consentStatuses.map((s, i) => {
            const id = i === 0 ? fieldId(name) : `${fieldId(name)}-${i}`;
            return (
              <div class="choice choice--hinted" key={s}>
                <input class="choice__input" type="radio" id={id} name={name} value={s} checked={value === s}
                  aria-describedby={`${id}-hint`} onChange={() => onChange(s)} />
                <div>
                  <label class="choice__label" for={id}>{word('consent_status', s)}</label>
                  <div class="hint choice__hint" id={`${id}-hint`}>{statusExplained[s]}</div>
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function ScopeChoice({ value, onChange, error }: { value: ConsentScope[]; onChange: (s: ConsentScope[]) => void; error?: string | undefined }) {
  const name = 'consent_scope';
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset class="fieldset" aria-describedby={`${fieldId(name)}-hint${error ? ` ${fieldId(name)}-error` : ''}`}>
        <legend class="fieldset__legend">What they agreed to</legend>
        <div class="hint" id={`${fieldId(name)}-hint`}>Tick each use they agreed to. Without research, they are left out of every analysis and export.</div>
        {error ? <p id={`${fieldId(name)}-error`} class="error-message"><span class="visually-hidden">Error: </span>{error}</p> : null}
        <div class="choices">
          {consentScopeOrder.map((s, i) => {
            const id = i === 0 ? fieldId(name) : `${fieldId(name)}-${i}`;
            return (
              <div class="choice choice--hinted" key={s}>
                <input class="choice__input" type="checkbox" id={id} name={name} value={s} checked={value.includes(s)}
                  aria-describedby={`${id}-hint`}
                  onChange={(e) => {
                    const on = (e.currentTarget as HTMLInputElement).checked;
                    onChange(on ? [...value, s] : value.filter((x) => x !== s));
                  }} />
                <div>
                  <label class="choice__label" for={id}>{scopeExplained[s].label}</label>
                  <div class="hint choice__hint" id={`${id}-hint`}>{sentenceCase(scopeExplained[s].does)}.</div>
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Subject access and erasure: area admins only (security.md, area_admin). */
function PersonalData({ area, person, onErased }: { area: string; person: Person; onErased: (message: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const name = person.display_name;
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  async function erase() {
    setBusy(true);
    setError(null);
    try {
      await api.erasePerson(area, person.id);
      onErased(`${name}’s details have been erased. Their record now reads “Erased person”, with consent withdrawn, and they are left out of every analysis and export.`);
    } catch (e) {
      setError(toFieldError(e, []).message);
      setBusy(false);
    }
  }

  return (
    <div class="personal-data">
      <h3>Their personal data</h3>
      <p>
        <a href={api.subjectAccessUrl(area, person.id)} download={`kith-subject-access-${person.id}.json`}>
          Download everything kith holds about {name}
        </a>{' '}
        (a subject access request: their record, ties, groups and places, consent and who has read or changed them, as one JSON file).
      </p>
      {!confirming ? (
        <Button type="button" warning onClick={() => setConfirming(true)}>Erase {name}’s details…</Button>
      ) : (
        <div class="confirm" role="group" aria-labelledby="erase-title">
          <h3 id="erase-title" tabIndex={-1} ref={confirmRef}>Erase {name}’s details for good?</h3>
          <p>
            This removes {name}’s name, decade of birth, postcode district, household, interests, languages, access needs,
            notes and external id, and the notes of their ties and groups. Their consent becomes withdrawn, so they are left
            out of every analysis and export. The record stays as “Erased person”, so the area’s counts still add up.
          </p>
          <p><strong>This cannot be undone.</strong> kith keeps no copy of what is removed. Download their data first if they asked for it, and search the area for their name in other people’s notes.</p>
          {error ? <p class="error-message" role="alert">{error}</p> : null}
          <div class="button-group">
            <Button type="button" warning disabled={busy} onClick={() => void erase()}>Yes, erase {name}’s details</Button>
            <Button type="button" secondary disabled={busy} onClick={() => setConfirming(false)}>No, keep them</Button>
          </div>
        </div>
      )}
    </div>
  );
}
