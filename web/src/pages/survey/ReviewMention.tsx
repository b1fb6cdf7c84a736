// One named person: kith's suggestions with their reasons, the proposal (a
// register person, a new person held under a pseudonym, or nobody yet), and the
// second researcher's review. The proposer cannot review their own proposal:
// the page says so, and the server refuses it (403) if tried.
import '../../styles/survey-design.css';
import { useState } from 'preact/hooks';
import { ApiError, messageFor } from '../../api/errors';
import type { PageProps } from '../../App';
import { api } from '../../api/routes';
import type { Person } from '../../api/types';
import { Button, ErrorSummary, fieldId, TextField, type FieldError } from '../../components/forms';
import { countOf, formatDecimal } from '../../format';
import { Failed, Loading, useLoad, usePageTitle } from '../../page';
import { session } from '../../session';
import { fitWords, interpreterPhrases, reasonSentence, resolutionWords, saidWords, statusHeading, turnOf } from './mentionWords';
import { reviewPath } from './StartWave';
import { surveyApi } from './surveyApi';
import type { Mention, Resolution, Suggestions } from './types';

export const pseudonymNote =
  'They are added to the register held under a pseudonym: the initials of the name said, and the street if one is known, ' +
  'such as “M. (Elm Road)”, with consent not asked. Nothing more is kept about them until they consent themselves.';

/** A refused review in words: a 403 is always the proposer trying to review their own. */
export function reviewError(error: unknown): string {
  if (error instanceof ApiError && error.status === 403) {
    return 'You proposed this, so you cannot confirm it or send it back. Another researcher must review it.';
  }
  return messageFor(error);
}

async function loadMention(area: string, wave: string, id: string): Promise<{ mention: Mention; suggestions: Suggestions | null }> {
  const list = await surveyApi.mentions(area, wave);
  const mention = list.items.find((m) => m.id === id);
  if (!mention) throw new ApiError(404, 'not_found', 'There is no such named person in this wave.');
  // The reviewer sees kith's reasons for the person proposed too; a decided name needs none.
  const suggestions = mention.status !== 'confirmed' ? await surveyApi.suggestions(area, id) : null;
  return { mention, suggestions };
}

export function ReviewMention({ params }: PageProps) {
  const area = params.area as string;
  const wave = params.wave as string;
  const id = params.mention as string;
  const [load, reload] = useLoad(() => loadMention(area, wave, id), [area, wave, id]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const mention = load.state === 'done' ? load.value.mention : null;
  const heading = mention ? (mention.said === '' ? 'A named person, since erased' : `Who is ${saidWords(mention)}?`) : 'A named person';
  usePageTitle(heading, area);
  const username = session.value?.user.username ?? '';

  const after = (text: string) => {
    setErrors([]);
    setDone(text);
    reload();
  };

  return (
    <div class="narrow survey-design">
      <ErrorSummary errors={errors} />
      <h1>{heading}</h1>
      {done ? <div class="notice notice--success" role="status"><p>{done}</p></div> : null}
      {load.state === 'loading' ? <Loading what="the named person" /> : load.state === 'failed' ? <Failed error={load.error} /> : (
        <>
          <About mention={load.value.mention} />
          {(() => {
            const m = load.value.mention;
            switch (turnOf(m, username)) {
              case 'propose':
                return <Propose area={area} mention={m} suggestions={load.value.suggestions} setErrors={setErrors} onDone={after} />;
              case 'review':
                return <Review area={area} mention={m} suggestions={load.value.suggestions} setErrors={setErrors} onDone={after} />;
              case 'own_proposal':
                return (
                  <div class="notice" role="note">
                    <p>
                      You proposed this, so another researcher must confirm it or send it back. Nobody reviews their own
                      proposal: a second pair of eyes checks every name before it becomes a tie.
                    </p>
                  </div>
                );
              case 'decided':
                return <Decided area={area} mention={m} />;
            }
          })()}
        </>
      )}
      <p><a class="link" href={reviewPath(area, wave)}>Back to the named people</a></p>
    </div>
  );
}

function About({ mention: m }: { mention: Mention }) {
  const said = interpreterPhrases(m.interpreters);
  return (
    <dl class="summary-list">
      <div class="summary-list__row"><dt class="summary-list__key">Named by</dt><dd class="summary-list__value">{m.respondent_name || 'A respondent'}</dd></div>
      <div class="summary-list__row"><dt class="summary-list__key">What they said about them</dt><dd class="summary-list__value">{said.length ? said.join(', ') : 'Nothing more'}</dd></div>
      <div class="summary-list__row"><dt class="summary-list__key">Where it stands</dt><dd class="summary-list__value">{statusHeading[m.status]}</dd></div>
      {m.status !== 'open' ? (
        <div class="summary-list__row"><dt class="summary-list__key">{m.status === 'confirmed' ? 'Decided' : 'Proposed'}</dt>
          <dd class="summary-list__value">{resolutionWords(m)}{m.proposed_by ? ` (proposed by ${m.proposed_by}${m.confirmed_by ? `, confirmed by ${m.confirmed_by}` : ''})` : ''}</dd></div>
      ) : null}
    </dl>
  );
}

interface ActProps {
  area: string;
  mention: Mention;
  setErrors: (e: FieldError[]) => void;
  onDone: (text: string) => void;
}

const choiceName = 'resolution';

function Propose({ area, mention, suggestions, setErrors, onDone }: ActProps & { suggestions: Suggestions | null }) {
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const list = suggestions?.suggestions ?? [];
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<Person[]>([]);
  const extra = found.filter((p) => p.id !== mention.respondent_id && !list.some((s) => s.person_id === p.id));

  async function submit(e: Event) {
    e.preventDefault();
    if (choice === '') {
      const message = 'Choose who this is, a new person, or nobody yet';
      setError(message);
      setErrors([{ field: choiceName, message }]);
      return;
    }
    const resolution: Resolution = choice === 'new_person' || choice === 'unresolved' ? choice : 'person';
    setBusy(true);
    try {
      await surveyApi.propose(area, mention.id, {
        revision: mention.revision, resolution, ...(resolution === 'person' ? { person_id: choice } : {}),
      });
      setError(null);
      onDone('Your proposal is saved. Another researcher must now confirm it or send it back.');
    } catch (err) {
      const message = messageFor(err);
      setError(null);
      setErrors([{ field: null, message }]);
    } finally {
      setBusy(false);
    }
  }

  const option = (value: string, index: number, label: string, hint: preact.ComponentChildren) => {
    const inputId = index === 0 ? fieldId(choiceName) : `${fieldId(choiceName)}-${index}`;
    return (
      <div class="choice choice--hinted" key={value}>
        <input class="choice__input" type="radio" id={inputId} name={choiceName} value={value} checked={choice === value}
          aria-describedby={`${inputId}-hint`} onChange={() => setChoice(value)} />
        <div>
          <label class="choice__label" for={inputId}>{label}</label>
          <div id={`${inputId}-hint`} class="hint choice__hint">{hint}</div>
        </div>
      </div>
    );
  };

  return (
    <>
    {suggestions ? <ReadAs suggestions={suggestions} /> : null}
    <FindInRegister area={area} onFound={setFound} />
    <form noValidate onSubmit={submit}>
      <div class={`form-group${error ? ' form-group--error' : ''}`}>
        <fieldset class="fieldset" aria-describedby={error ? `${fieldId(choiceName)}-error` : undefined}>
          <legend class="fieldset__legend">Who is this?</legend>
          {error ? <p id={`${fieldId(choiceName)}-error`} class="error-message"><span class="visually-hidden">Error: </span>{error}</p> : null}
          {list.length === 0 ? <p>kith found nobody in the register whose name fits.</p> : null}
          <div class="choices">
            {list.map((s, i) => option(s.person_id, i, `${s.display_name}${s.household ? `, ${s.household}` : ''}`, (
              <>
                <span>{fitWords(s.score)} (score {formatDecimal(s.score)} of 1)</span>
                <ul class="list">{s.reasons.map((r, j) => <li key={j}>{reasonSentence(r)}</li>)}</ul>
              </>
            )))}
            {extra.map((p, i) => option(p.id, list.length + i, `${p.display_name}${p.household ? `, ${p.household}` : ''}`, 'Found by searching the register; kith did not suggest them.'))}
            {option('new_person', list.length + extra.length, 'A new person, not in the register', pseudonymNote)}
            {option('unresolved', list.length + extra.length + 1, 'Nobody yet: leave it unresolved', 'No person and no tie. Choose this when it is not clear who was meant.')}
          </div>
        </fieldset>
      </div>
      <Button disabled={busy}>Propose</Button>
    </form>
    </>
  );
}

/** A search of the register by name, for a person kith did not suggest; the people found join the choices. */
function FindInRegister({ area, onFound }: { area: string; onFound: (people: Person[]) => void }) {
  const [q, setQ] = useState('');
  const [said, setSaid] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  async function search(e: Event) {
    e.preventDefault();
    setFailed(null);
    if (q.trim() === '') {
      setFailed('Enter part of a name to find');
      return;
    }
    try {
      const page = await api.people(area, { q: q.trim(), limit: 10 });
      onFound(page.items);
      setSaid(page.items.length === 0 ? 'Nobody found. Try another part of the name.'
        : `${countOf(page.items.length, 'person', 'people')} found: they are listed under “Who is this?”.`);
    } catch (err) {
      setFailed(messageFor(err));
    }
  }
  return (
    <details class="details">
      <summary class="details__summary">Find someone else in the register</summary>
      <form noValidate onSubmit={search}>
        <TextField name="find" label="Part of their name" width="medium" autocomplete="off" value={q} onInput={setQ} error={failed ?? undefined} />
        <Button secondary>Find</Button>
      </form>
      {said ? <p role="status">{said}</p> : null}
    </details>
  );
}

function ReadAs({ suggestions: s }: { suggestions: Suggestions }) {
  const parts = [
    s.read_as.name.length ? `the name “${s.read_as.name.join(' ')}”` : '',
    s.read_as.house_number ? `house number ${s.read_as.house_number}` : '',
    s.read_as.street ? `the street ${s.read_as.street}` : '',
    s.read_as.group_or_place ? `the group or place “${s.read_as.group_or_place}”` : '',
  ].filter(Boolean);
  return parts.length ? <p>kith read this as {parts.join(', ')}.</p> : null;
}

function Review({ area, mention, suggestions, setErrors, onDone }: ActProps & { suggestions: Suggestions | null }) {
  const [busy, setBusy] = useState(false);
  const why = suggestions?.suggestions.find((s) => s.person_id === mention.person_id) ?? null;
  async function decide(decision: 'confirm' | 'return') {
    setBusy(true);
    try {
      await surveyApi.review(area, mention.id, { revision: mention.revision, decision });
      onDone(decision === 'confirm' ? 'Confirmed.' : 'Sent back: it is open to be proposed again.');
    } catch (err) {
      setErrors([{ field: null, message: reviewError(err) }]);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="review-heading">
      <h2 id="review-heading">Review the proposal</h2>
      <p>
        {mention.proposed_by} proposed: {resolutionWords(mention)}. Confirm it if you agree; send it back if not, and it is
        open to be proposed again.
      </p>
      {mention.resolution === 'new_person' ? <p>{pseudonymNote}</p> : null}
      {mention.resolution === 'person' && mention.person_id ? (
        <>
          <p>
            <a href={`/areas/${encodeURIComponent(area)}/people/${encodeURIComponent(mention.person_id)}`}>{mention.person_name || 'The person proposed'}’s record</a>
            {why ? `: kith suggested them (${fitWords(why.score).toLowerCase()}, score ${formatDecimal(why.score)} of 1) because:` : ': found by searching the register; kith did not suggest them.'}
          </p>
          {why ? <ul class="list">{why.reasons.map((r, j) => <li key={j}>{reasonSentence(r)}</li>)}</ul> : null}
        </>
      ) : null}
      <div class="button-group">
        <Button type="button" disabled={busy} onClick={() => void decide('confirm')}>Confirm</Button>
        <Button type="button" secondary disabled={busy} onClick={() => void decide('return')}>Send it back</Button>
      </div>
    </section>
  );
}

function Decided({ area, mention: m }: { area: string; mention: Mention }) {
  const people = `/areas/${encodeURIComponent(area)}/people`;
  if (!m.person_id) return <p>Nobody was linked, so no tie was made.</p>;
  return (
    <p>
      {m.respondent_id ? <><a href={`${people}/${encodeURIComponent(m.respondent_id)}`}>{m.respondent_name || 'The respondent'}</a> now has a tie to </> : 'A tie now leads to '}
      <a href={`${people}/${encodeURIComponent(m.person_id)}`}>{m.person_name || 'the person'}</a>, with evidence “survey”, from the wave’s fieldwork date.
    </p>
  );
}

