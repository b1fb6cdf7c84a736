// Surveys: the area's survey waves and, for each open one, "Start an
// interview" and the interviews held on this device. Opening the page with a
// connection downloads each open wave's bundle (its instrument, groups and
// places) and the scales into IndexedDB, so interviews then run with no
// connection at all. At a follow-up wave the bundle also holds the list of
// people interviewed at the wave before and the names they gave (carry
// forward), for "Interview someone from …" (pages/FollowUp.tsx), and the
// streets given to interviewers, so "Your streets" and the doorstep visits
// (survey/visits.ts) work offline too.
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api/client';
import { messageFor } from '../api/errors';
import { api } from '../api/routes';
import type { Person } from '../api/types';
import type { PageProps } from '../App';
import { Button, ChoiceField, ErrorSummary, type FieldError, TextField, errorFor } from '../components/forms';
import { usePageTitle } from '../page';
import { navigate } from '../router';
import { session } from '../session';
import { deviceStore, interviewStore, visitStore } from '../survey/idb';
import { type Bundle, type CarryForward, type FieldAssignment, type Lang, type LocalInterview, type PreviousRespondent, type Scale, type Wave, newKey, standingOf } from '../survey/model';
import { LanguageSwitch, OfflineNote, online, outboxRuns, sendWaiting, surveyLang } from '../survey/ui';
import { type LocalVisit, newVisit, visitOutcomes } from '../survey/visits';
import { say } from '../survey/words';

const surveyPath = (area: string) => `/api/v1/areas/${encodeURIComponent(area)}/survey`;

interface WaveOnDevice {
  wave: Wave;
  ready: boolean;
  /** The wave before, when this is a follow-up whose carry-forward list is on the device. */
  before: string | null;
  assignments: FieldAssignment[];
}

/** An open wave's bundle with, at a follow-up, the people from the wave before and their names. */
async function downloadBundle(area: string, wave: Wave): Promise<Bundle> {
  const base = `${surveyPath(area)}/waves/${encodeURIComponent(wave.id)}`;
  const bundle = await request<Bundle>('GET', base);
  const carry = await request<CarryForward>('GET', `${base}/carry-forward`);
  return carry.previous_wave ? { ...bundle, carry } : bundle;
}

/** A closed wave keeps no list of people from the wave before: no interview can use it now. */
async function forgetCarry(wave: Wave): Promise<void> {
  const kept = await deviceStore.bundle(wave.id);
  if (kept?.carry) {
    const { carry: _dropped, ...rest } = kept;
    await deviceStore.putBundle(rest);
  }
}

/** The area's waves from the server (kept on the device), or as last kept when offline. */
async function loadWaves(area: string): Promise<{ waves: WaveOnDevice[]; fromDevice: boolean }> {
  let waves: Wave[];
  let fromDevice = false;
  try {
    waves = (await request<{ items: Wave[] }>('GET', `${surveyPath(area)}/waves`)).items;
    await deviceStore.putWaves(area, waves);
    const scales = await request<{ items: Scale[] }>('GET', '/api/v1/survey/scales');
    await deviceStore.putScales(scales.items);
    for (const w of waves) {
      if (w.status === 'open') await deviceStore.putBundle(await downloadBundle(area, w));
      else await forgetCarry(w);
    }
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    waves = (await deviceStore.waves(area)) ?? [];
    fromDevice = true;
  }
  const out: WaveOnDevice[] = [];
  for (const wave of waves) {
    const bundle = await deviceStore.bundle(wave.id);
    out.push({ wave, ready: bundle !== undefined, before: bundle?.carry?.previous_wave?.label ?? null, assignments: bundle?.assignments ?? [] });
  }
  return { waves: out, fromDevice };
}

const localeOf = (lang: Lang) => (lang === 'cy' ? 'cy-GB' : 'en-GB');

/** A YYYY-MM-DD day in the interface's language: "2 December 2026", "2 Rhagfyr 2026". */
function dayIn(lang: Lang, day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(localeOf(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function interviewUrl(iv: Pick<LocalInterview, 'area' | 'wave' | 'id'>, step: string): string {
  return `/areas/${encodeURIComponent(iv.area)}/surveys/${encodeURIComponent(iv.wave)}/interviews/${encodeURIComponent(iv.id)}/${step}`;
}

/** Starts an interview on the device; `previous` is a respondent from the wave before, already in the register. */
export async function startInterview(area: string, wave: string, previous?: PreviousRespondent): Promise<void> {
  const iv: LocalInterview = {
    id: newKey(),
    area,
    wave,
    startedAt: new Date().toISOString(),
    revision: 0,
    body: { status: 'in_progress', language: surveyLang.value, respondent: previous ? { person_id: previous.person_id } : null, consent: null, answers: {} },
    outbox: [],
    conflict: null,
    problem: null,
    step: 'consent',
    ...(previous ? { who: previous.display_name } : {}),
  };
  await interviewStore.put(iv);
  navigate(interviewUrl(iv, 'consent'));
}

export function SurveysPage({ params }: PageProps) {
  const area = params.area as string;
  const lang = surveyLang.value;
  usePageTitle(say(lang, 'surveys'), area);
  const [state, setState] = useState<{ waves: WaveOnDevice[]; fromDevice: boolean } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [interviews, setInterviews] = useState<LocalInterview[]>([]);
  const [visits, setVisits] = useState<LocalVisit[]>([]);
  const [visitsSaved, setVisitsSaved] = useState(0);
  // Read again when the connection comes back (for the server's latest); going
  // offline keeps what is shown, which is what the device holds anyway.
  const isOnline = online.value;
  useEffect(() => {
    if (!isOnline && state !== null) return;
    loadWaves(area).then(setState, (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
  }, [area, isOnline]);
  useEffect(() => {
    void interviewStore.all().then((all) => setInterviews(all.filter((iv) => iv.area === area)));
  }, [area, outboxRuns.value]);
  useEffect(() => {
    void visitStore.all().then((all) => setVisits(all.filter((v) => v.area === area)));
  }, [area, outboxRuns.value, visitsSaved]);

  return (
    <div lang={lang}>
      <LanguageSwitch />
      <h1>{say(lang, 'surveys')}</h1>
      <OfflineNote />
      <p>{say(lang, 'surveysIntro')}</p>
      {online.value ? <p><a href={`/areas/${area}/surveys/instruments`}>{say(lang, 'designInstruments')}</a></p> : null}
      {failed ? <div class="notice notice--error" role="alert"><p>{failed}</p></div> : null}
      {state === null && !failed ? <p class="loading" role="status">{say(lang, 'loading')}</p> : null}
      {state?.fromDevice ? <p>{say(lang, 'wavesOffline')}</p> : null}
      {state && state.waves.length === 0 ? <p>{say(lang, 'noWaves')}</p> : null}
      {state?.waves.map(({ wave, ready, before, assignments }) => (
        <WaveSection key={wave.id} area={area} wave={wave} ready={ready} before={before} interviews={interviews.filter((iv) => iv.wave === wave.id)}
          assignments={assignments} visits={visits.filter((v) => v.wave === wave.id)} onVisit={() => setVisitsSaved((n) => n + 1)} />
      ))}
      {(interviews.some((iv) => iv.outbox.length > 0) || visits.some((v) => !v.sent && v.problem === null)) && online.value ? (
        <Button secondary type="button" onClick={() => void sendWaiting()}>{say(lang, 'sendNow')}</Button>
      ) : null}
    </div>
  );
}

interface WaveSectionProps {
  area: string;
  wave: Wave;
  ready: boolean;
  before: string | null;
  interviews: LocalInterview[];
  assignments: FieldAssignment[];
  visits: LocalVisit[];
  onVisit: () => void;
}

function WaveSection({ area, wave, ready, before, interviews, assignments, visits, onVisit }: WaveSectionProps) {
  const lang = surveyLang.value;
  const open = wave.status === 'open';
  return (
    <section class="panel" aria-labelledby={`wave-${wave.id}`}>
      <h2 id={`wave-${wave.id}`}>{wave.label}</h2>
      <p>
        {say(lang, open ? 'waveOpen' : 'waveClosed')}. {say(lang, 'fieldwork', { date: dayIn(lang, wave.fieldwork_date) })}
      </p>
      {open ? (
        ready ? (
          <>
            <p>{say(lang, 'readyOffline')}</p>
            {before ? (
              <>
                <p><a class="button" href={`/areas/${encodeURIComponent(area)}/surveys/${encodeURIComponent(wave.id)}/follow-up`}>{say(lang, 'interviewSomeone', { wave: before })}</a></p>
                <p class="hint">{say(lang, 'interviewSomeoneHint', { wave: before })}</p>
              </>
            ) : null}
            <p><Button type="button" secondary={before !== null} onClick={() => void startInterview(area, wave.id)}>{say(lang, 'startInterview')}</Button></p>
            {online.value ? <RegisterSearch area={area} wave={wave.id} /> : null}
            <YourStreets wave={wave} assignments={assignments} />
            <VisitForm area={area} wave={wave} onSaved={onVisit} />
          </>
        ) : (
          <p>{say(lang, 'notDownloaded')}</p>
        )
      ) : null}
      {online.value ? <p><a href={`/areas/${area}/surveys/waves/${wave.id}/review`}>{say(lang, 'reviewNames', { wave: wave.label })}</a></p> : null}
      {online.value ? <p><a href={`/areas/${area}/surveys/waves/${wave.id}/fieldwork`}>{say(lang, 'fieldworkPage', { wave: wave.label })}</a></p> : null}
      <VisitsHere visits={visits} />
      <h3>{say(lang, 'interviewsHere')}</h3>
      {interviews.length === 0 ? <p>{say(lang, 'noInterviewsHere')}</p> : (
        <ul class="list">
          {[...interviews].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).map((iv) => (
            <InterviewLine key={iv.id} iv={iv} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** The streets and households given to the signed-in interviewer, from the bundle kept on the device. */
function YourStreets({ wave, assignments }: { wave: Wave; assignments: FieldAssignment[] }) {
  const lang = surveyLang.value;
  const me = (session.value?.user.username ?? '').toLowerCase();
  const mine = assignments.filter((a) => a.interviewer.toLowerCase() === me);
  return (
    <>
      <h3 id={`streets-${wave.id}`}>{say(lang, 'yourStreets')}</h3>
      {mine.length === 0 ? <p>{say(lang, 'yourStreetsNone')}</p> : (
        <>
          <p>{say(lang, 'yourStreetsIntro')}</p>
          <ul class="list" aria-labelledby={`streets-${wave.id}`}>
            {mine.map((a) => (
              <li key={a.id}>
                {a.household !== null
                  ? say(lang, 'oneHousehold', { household: a.household })
                  : a.doors !== null
                    ? say(lang, 'wholeStreetHomes', { street: a.street, n: a.doors })
                    : say(lang, 'wholeStreet', { street: a.street })}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** A knock that did not become an interview, kept on the device and sent when online. */
function VisitForm({ area, wave, onSaved }: { area: string; wave: Wave; onSaved: () => void }) {
  const lang = surveyLang.value;
  const [open, setOpen] = useState(false);
  const [household, setHousehold] = useState('');
  const [outcome, setOutcome] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const field = (name: string) => `visit-${wave.id}-${name}`;

  async function save(e: Event) {
    e.preventDefault();
    const v = newVisit(area, wave.id, household, outcome);
    if ('missing' in v) {
      setErrors([{ field: field(v.missing), message: say(lang, v.missing === 'household' ? 'errorVisitHousehold' : 'errorVisitOutcome') }]);
      return;
    }
    await visitStore.put(v);
    setErrors([]);
    setSaved(say(lang, 'visitSaved', { household: v.household }));
    setHousehold('');
    setOutcome('');
    setOpen(false);
    onSaved();
    void sendWaiting();
  }

  return (
    <>
      {saved ? <div class="notice notice--success" role="status"><p>{saved}</p></div> : null}
      {open ? (
        <form noValidate onSubmit={save} aria-labelledby={field('title')}>
          <h3 id={field('title')}>{say(lang, 'recordVisit')}</h3>
          <p class="hint">{say(lang, 'recordVisitHint')}</p>
          <ErrorSummary errors={errors} id={field('errors')} title={say(lang, 'problem')} />
          <TextField name={field('household')} label={say(lang, 'visitHousehold')} hint={say(lang, 'visitHouseholdHint')} autocomplete="off"
            value={household} onInput={setHousehold} error={errorFor(errors, field('household'))} />
          <ChoiceField name={field('outcome')} kind="radio" label={say(lang, 'visitOutcome')}
            options={visitOutcomes.map((o) => [o, say(lang, `outcome_${o}`)])} selected={outcome ? [outcome] : []}
            onChange={(sel) => setOutcome(sel[0] ?? '')} error={errorFor(errors, field('outcome'))} />
          <div class="inline-actions">
            <Button>{say(lang, 'saveVisit')}</Button>
            <Button type="button" secondary onClick={() => { setOpen(false); setErrors([]); }}>{say(lang, 'closeVisit')}</Button>
          </div>
        </form>
      ) : (
        <p><Button type="button" secondary onClick={() => { setSaved(null); setOpen(true); }}>{say(lang, 'recordVisit')}</Button></p>
      )}
    </>
  );
}

function VisitsHere({ visits }: { visits: LocalVisit[] }) {
  const lang = surveyLang.value;
  if (visits.length === 0) return null;
  return (
    <>
      <h3>{say(lang, 'visitsHere')}</h3>
      <ul class="list">
        {[...visits].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt)).map((v) => (
          <li key={v.id}>
            {v.household}: {say(lang, `outcome_${v.outcome}`)} – <strong>{v.problem !== null ? say(lang, 'visitProblem', { message: v.problem }) : say(lang, v.sent ? 'visitSent' : 'visitWaiting')}</strong>
          </li>
        ))}
      </ul>
    </>
  );
}

function InterviewLine({ iv }: { iv: LocalInterview }) {
  const lang = surveyLang.value;
  const standing = standingOf(iv);
  const who = iv.body.respondent?.display_name ?? iv.who ?? '';
  const time = new Date(iv.startedAt).toLocaleString(localeOf(lang), { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
  const label = `${who ? `${who}, ` : ''}${say(lang, 'startedAt', { time })}`;
  return (
    <li class="interview-line">
      <span>{label}</span> – <strong>{say(lang, `standing_${standing}`)}</strong>
      {standing === 'in_progress' ? (
        <> <a href={interviewUrl(iv, iv.step)}>{say(lang, 'continueInterview')}<span class="visually-hidden"> ({label})</span></a></>
      ) : null}
      {standing === 'conflict' || standing === 'problem' ? (
        <> <a href={interviewUrl(iv, 'conflict')}>{say(lang, 'resolve')}<span class="visually-hidden"> ({label})</span></a></>
      ) : null}
    </li>
  );
}

/**
 * A respondent who is in the register already (a resident a link worker
 * added, someone named in an earlier survey): found by name with a
 * connection (GET …/people?q=; the wave's bundle holds no register), their
 * interview then sends respondent.person_id.
 */
function RegisterSearch({ area, wave }: { area: string; wave: string }) {
  const lang = surveyLang.value;
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ q: string; people: Person[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = `register-search-${wave}`;

  async function search(e: Event) {
    e.preventDefault();
    if (q.trim() === '') {
      setError(say(lang, 'registerSearchEmpty'));
      return;
    }
    setError(null);
    try {
      const page = await api.people(area, { q: q.trim(), limit: 20 });
      setFound({ q: q.trim(), people: page.items });
    } catch (err) {
      setError(messageFor(err));
    }
  }

  return (
    <div>
      <h3 id={`${id}-title`}>{say(lang, 'registerSearch')}</h3>
      <form noValidate onSubmit={search} aria-labelledby={`${id}-title`}>
        <div class={`form-group${error ? ' form-group--error' : ''}`}>
          <label class="label" for={id}>{say(lang, 'registerSearchLabel')}</label>
          <p class="hint" id={`${id}-hint`}>{say(lang, 'registerSearchHint')}</p>
          {error ? <p class="error-message" id={`${id}-error`}><span class="visually-hidden">Error: </span>{error}</p> : null}
          <div class="search-row">
            <input id={id} class="input input--medium" type="search" value={q} autoComplete="off"
              aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
              onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
            <button class="button button--secondary" type="submit">{say(lang, 'registerSearchButton')}</button>
          </div>
        </div>
      </form>
      {found ? (
        <div role="status">
          {found.people.length === 0 ? <p>{say(lang, 'registerNone', { q: found.q })}</p> : (
            <>
              <p>{say(lang, 'registerFound', { n: String(found.people.length) })}</p>
              <ul class="list">
                {found.people.map((p) => (
                  <li key={p.id}>
                    <Button type="button" secondary onClick={() => void startInterview(area, wave, { person_id: p.id, display_name: p.display_name, household: p.household, names: [] })}>
                      {p.display_name}{p.household ? `, ${p.household}` : ''}
                    </Button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
