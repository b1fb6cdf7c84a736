// Fieldwork of one wave (docs/surveys.md, "Fieldwork"): the coordinator gives
// streets, or single households, to interviewers, and the supervisor reads
// coverage by street, response and refusal rates and each interviewer's
// progress. Every figure comes from GET …/survey/waves/{wave}/fieldwork; the
// page only words them.
import '../../styles/survey-design.css';
import { useState } from 'preact/hooks';
import { messageFor } from '../../api/errors';
import type { PageProps } from '../../App';
import { Button, ErrorSummary, errorFor, SelectField, TextField, toFieldError, type FieldError } from '../../components/forms';
import { countOf, formatCount, formatDateTime } from '../../format';
import { Loaded, useLoad, usePageTitle } from '../../page';
import { instrumentsPath } from './InstrumentPage';
import { reportPath } from './WaveReportPage';
import { assignBody, type AssignForm, outcomeWords, shareWords } from './fieldworkWords';
import { surveyApi } from './surveyApi';
import type { Assignment, Assignments, FieldworkReport, StreetCoverage } from './types';

export const fieldworkPath = (area: string, wave: string) => `/areas/${encodeURIComponent(area)}/surveys/waves/${encodeURIComponent(wave)}/fieldwork`;

const formFields = ['street', 'household', 'doors', 'interviewer'] as const;
const emptyForm: AssignForm = { street: '', household: '', doors: '', interviewer: '' };

export function FieldworkPage({ params }: PageProps) {
  const area = params.area as string;
  const wave = params.wave as string;
  usePageTitle('Fieldwork', area);
  const [load, reload] = useLoad(
    () => Promise.all([surveyApi.assignments(area, wave), surveyApi.fieldwork(area, wave)]).then(([assignments, report]) => ({ assignments, report })),
    [area, wave],
  );
  const label = load.state === 'done' ? load.value.report.wave_label : null;
  return (
    <div class="survey-design">
      <h1>Fieldwork{label ? `: ${label}` : ''}</h1>
      <p class="lead narrow">
        Give each street, or a single household, to an interviewer, then follow how far the wave has reached. A home
        counts once, at the best that happened there: an interview, then an unfinished one, a no, not a home in the
        survey, come back later, no answer.
      </p>
      <Loaded load={load} what="the fieldwork">
        {({ assignments, report }) => (
          <>
            <GiveOut area={area} wave={wave} assignments={assignments} onChange={reload} />
            <Coverage report={report} />
            <Interviewers report={report} />
          </>
        )}
      </Loaded>
      <p><a class="link" href={reportPath(area, wave)}>The survey report of this wave</a></p>
      <p><a class="link" href={instrumentsPath(area)}>Back to the survey instruments and waves</a></p>
    </div>
  );
}

function GiveOut({ area, wave, assignments, onChange }: { area: string; wave: string; assignments: Assignments; onChange: () => void }) {
  const [form, setForm] = useState<AssignForm>(emptyForm);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof AssignForm) => (v: string) => setForm({ ...form, [k]: v });
  const nameOf = (username: string) => {
    const u = assignments.interviewers.find((x) => x.username === username);
    return u && u.display_name ? `${u.display_name} (${u.username})` : username;
  };

  async function submit(e: Event) {
    e.preventDefault();
    setMessage(null);
    if (form.interviewer === '') {
      setErrors([{ field: 'interviewer', message: 'Choose the interviewer' }]);
      return;
    }
    setBusy(true);
    try {
      const made = await surveyApi.assign(area, wave, assignBody(form));
      setErrors([]);
      setForm(emptyForm);
      setMessage({ ok: true, text: `${made.household ?? made.street} is given to ${nameOf(made.interviewer)}.` });
      onChange();
    } catch (error) {
      setErrors([toFieldError(error, formFields)]);
    } finally {
      setBusy(false);
    }
  }

  async function takeBack(a: Assignment) {
    setBusy(true);
    setMessage(null);
    try {
      await surveyApi.unassign(area, wave, a.id);
      setMessage({ ok: true, text: `${a.household ?? a.street} is no longer given to ${nameOf(a.interviewer)}.` });
      onChange();
    } catch (error) {
      setMessage({ ok: false, text: messageFor(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section class="panel" aria-labelledby="give-heading">
        <h2 id="give-heading">Give out a street or a household</h2>
        <ErrorSummary errors={errors} />
        {message ? (
          <div class={`notice ${message.ok ? 'notice--success' : 'notice--error'}`} role={message.ok ? 'status' : 'alert'}><p>{message.text}</p></div>
        ) : null}
        {assignments.interviewers.length === 0 ? (
          <p>Nobody in this area can interview yet: an admin gives someone the researcher role on the Users page first.</p>
        ) : (
          <form noValidate onSubmit={submit}>
            <TextField name="street" label="Street" hint="For example, Elm Road" autocomplete="off" required={form.household === '' ? undefined : false}
              value={form.street} onInput={set('street')} error={errorFor(errors, 'street')} />
            <TextField name="household" label="Only one household" required={false} autocomplete="off"
              hint="To give a single home, such as 16 Elm Road. Leave it empty to give the whole street."
              value={form.household} onInput={set('household')} error={errorFor(errors, 'household')} />
            <TextField name="doors" label="Homes on the street" required={false} width="short" inputMode="numeric" autocomplete="off"
              hint="If you know how many, from the electoral roll or a walk down it. Coverage is counted against it."
              value={form.doors} onInput={set('doors')} error={errorFor(errors, 'doors')} />
            <SelectField name="interviewer" label="Interviewer" emptyLabel="Choose an interviewer"
              options={assignments.interviewers.map((u) => [u.username, nameOf(u.username)])}
              value={form.interviewer} onChange={set('interviewer')} error={errorFor(errors, 'interviewer')} />
            <Button disabled={busy}>Give it out</Button>
          </form>
        )}
      </section>
      <section aria-labelledby="given-heading">
        <h2 id="given-heading">Who has which street</h2>
        {assignments.items.length === 0 ? <p>Nothing is given out yet.</p> : (
          <div class="table-wrap">
            <table class="table table--reflow">
              <caption class="visually-hidden">Streets and households given to interviewers</caption>
              <thead><tr><th scope="col">Street</th><th scope="col">Household</th><th scope="col">Homes</th><th scope="col">Interviewer</th><th scope="col">Action</th></tr></thead>
              <tbody>
                {assignments.items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" data-label="Street">{a.street}</th>
                    <td data-label="Household">{a.household ?? 'The whole street'}</td>
                    <td data-label="Homes" class="num">{a.doors === null ? 'Not known' : formatCount(a.doors)}</td>
                    <td data-label="Interviewer">{nameOf(a.interviewer)}</td>
                    <td data-label="Action">
                      <button type="button" class="button button--secondary button--small" disabled={busy} onClick={() => void takeBack(a)}>
                        Take back<span class="visually-hidden"> {a.household ?? a.street} from {nameOf(a.interviewer)}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function StreetRow({ s, name, header }: { s: Omit<StreetCoverage, 'street' | 'interviewers'> & { interviewers?: string[] }; name: string; header?: boolean }) {
  const o = s.outcomes;
  return (
    <tr class={header ? 'table__total' : undefined}>
      <th scope="row" data-label="Street">{name}</th>
      <td data-label="Interviewers">{s.interviewers === undefined ? '' : s.interviewers.length === 0 ? 'Nobody yet' : s.interviewers.join(', ')}</td>
      <td data-label="Homes" class="num">{formatCount(s.households)}</td>
      <td data-label="Visited">{shareWords(s.coverage, 'none yet')}</td>
      <td data-label={outcomeWords.completed} class="num">{formatCount(o.completed)}</td>
      <td data-label={outcomeWords.refused} class="num">{formatCount(o.refused)}</td>
      <td data-label={outcomeWords.not_eligible} class="num">{formatCount(o.not_eligible)}</td>
      <td data-label={outcomeWords.call_back} class="num">{formatCount(o.call_back)}</td>
      <td data-label={outcomeWords.no_answer} class="num">{formatCount(o.no_answer)}</td>
      <td data-label="Response rate">{shareWords(s.response_rate)}</td>
      <td data-label="Refusal rate">{shareWords(s.refusal_rate)}</td>
    </tr>
  );
}

function Coverage({ report }: { report: FieldworkReport }) {
  return (
    <section aria-labelledby="coverage-heading">
      <h2 id="coverage-heading">Coverage by street</h2>
      <p class="narrow">
        Homes are the number given for the street, or the homes kith knows there (from the register, the interviews and
        the visits) when that is more. The response rate is the homes interviewed of the homes visited that are in the
        survey; the refusal rate is the homes that said no, of the same.
      </p>
      {report.streets.length === 0 ? <p>No street is known yet: give one out above.</p> : (
        // Wider than a narrow window: the region scrolls and takes the focus, so a keyboard can scroll it.
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="coverage-heading">
          <table class="table table--reflow">
            <caption class="visually-hidden">Coverage, response and refusal by street</caption>
            <thead>
              <tr>
                <th scope="col">Street</th><th scope="col">Interviewers</th><th scope="col">Homes</th><th scope="col">Visited</th>
                <th scope="col">{outcomeWords.completed}</th><th scope="col">{outcomeWords.refused}</th><th scope="col">{outcomeWords.not_eligible}</th>
                <th scope="col">{outcomeWords.call_back}</th><th scope="col">{outcomeWords.no_answer}</th>
                <th scope="col">Response rate</th><th scope="col">Refusal rate</th>
              </tr>
            </thead>
            <tbody>
              {report.streets.map((s) => (
                <StreetRow key={s.street ?? ''} s={s} name={s.street ?? 'Interviews with no household given'} />
              ))}
            </tbody>
            <tfoot>
              <StreetRow s={report.total} name="Every street" header />
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

function Interviewers({ report }: { report: FieldworkReport }) {
  return (
    <section aria-labelledby="interviewers-heading">
      <h2 id="interviewers-heading">Each interviewer</h2>
      {report.interviewers.length === 0 ? <p>No interviewer has work or has sent anything yet.</p> : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="interviewers-heading">
          <table class="table table--reflow">
            <caption class="visually-hidden">Each interviewer’s progress</caption>
            <thead>
              <tr>
                <th scope="col">Interviewer</th><th scope="col">Given</th><th scope="col">Their homes reached</th>
                <th scope="col">{outcomeWords.completed}</th><th scope="col">{outcomeWords.refused}</th><th scope="col">Other visits</th><th scope="col">Last sent</th>
              </tr>
            </thead>
            <tbody>
              {report.interviewers.map((p) => {
                const o = p.outcomes;
                return (
                  <tr key={p.interviewer}>
                    <th scope="row" data-label="Interviewer">{p.interviewer}</th>
                    <td data-label="Given">{givenWords(p.streets, p.households)}</td>
                    <td data-label="Their homes reached">{shareWords(p.progress, 'no homes given')}</td>
                    <td data-label={outcomeWords.completed} class="num">{formatCount(o.completed)}</td>
                    <td data-label={outcomeWords.refused} class="num">{formatCount(o.refused)}</td>
                    <td data-label="Other visits" class="num">{formatCount(o.in_progress + o.not_eligible + o.call_back + o.no_answer)}</td>
                    <td data-label="Last sent">{p.last_activity ? formatDateTime(p.last_activity) : 'Nothing yet'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function givenWords(streets: number, households: number): string {
  const parts: string[] = [];
  if (streets > 0) parts.push(countOf(streets, 'street', 'streets'));
  if (households > 0) parts.push(countOf(households, 'household', 'households'));
  return parts.length === 0 ? 'Nothing' : parts.join(' and ');
}
