// A survey interview, one thing per page (GOV.UK style): consent, who the
// respondent is, each section of the wave's instrument in order, then
// checking the answers and completing. Everything is read from and saved to
// the device (IndexedDB) on every page, so the interview runs and resumes
// with no connection; the outbox sends it when there is one (survey/outbox.ts).
import { useEffect, useState } from 'preact/hooks';
import type { PageProps } from '../App';
import { Button, ChoiceField, ErrorSummary, type FieldError, SelectField, TextField, errorFor } from '../components/forms';
import { usePageTitle } from '../page';
import { navigate } from '../router';
import { deviceStore, interviewStore } from '../survey/idb';
import type { Answers, Bundle, InterviewBody, Lang, LocalInterview, NamedPerson, Scale, Section } from '../survey/model';
import { wordingIn } from '../survey/model';
import { CLOSENESS, type CarriedPage, carriedAnswer, carriedLabel, pageOf, previousRespondent, withCarried } from '../survey/carry';
import { conflictValues, resolved, save } from '../survey/outbox';
import { nextStep, previousStep, sectionOfStep, stepsOf } from '../survey/steps';
import { LanguageSwitch, OfflineNote, outboxRuns, sendWaiting, surveyLang } from '../survey/ui';
import { type WordKey, say } from '../survey/words';
import { interviewUrl } from './Surveys';

const SAID_MAX = 200;
const TEXT_MAX = 4000;
const HOUSEHOLD_MAX = 100;
const POSTCODE_MAX = 8;
const TIE_KINDS = ['family', 'friend', 'neighbour', 'work_study', 'acquaintance', 'professional_support'] as const;
const FREQUENCIES = ['daily', 'weekly', 'monthly', 'less_often'] as const;
const SCOPES = ['research', 'timebank', 'referrals', 'suggestions'] as const;
const BIRTH_BANDS = ['before_1930', '1930s', '1940s', '1950s', '1960s', '1970s', '1980s', '1990s', '2000s', '2010s', '2020s'] as const;

/** The interview's pages: a respondent from the wave before has a page per name they gave then. */
function stepsFor(bundle: Bundle, body: InterviewBody): string[] {
  return stepsOf(bundle.instrument.definition.sections, body, previousRespondent(bundle, body)?.names.length ?? 0);
}

interface Loaded {
  bundle: Bundle | undefined;
  scales: Scale[];
  iv: LocalInterview | undefined;
}

/** What every step page is given. */
interface StepProps {
  iv: LocalInterview;
  bundle: Bundle;
  scales: Scale[];
  step: string;
  lang: Lang;
  /** Saves the new copy on the device, queues it, and goes to the next page (or `to`). */
  onSave: (body: InterviewBody, to?: string) => Promise<void>;
}

export function InterviewPage({ params }: PageProps) {
  const area = params.area as string;
  const wave = params.wave as string;
  const id = params.id as string;
  const step = params.step as string;
  const lang = surveyLang.value;
  const [loaded, setLoaded] = useState<Loaded | null>(null);

  useEffect(() => {
    let current = true;
    void Promise.all([deviceStore.bundle(wave), deviceStore.scales(), interviewStore.get(id)]).then(([bundle, scales, iv]) => {
      if (current) setLoaded({ bundle, scales: scales ?? [], iv: iv && iv.area === area && iv.wave === wave ? iv : undefined });
    });
    return () => {
      current = false;
    };
  }, [area, wave, id, step, outboxRuns.value]);

  if (loaded === null) return <p class="loading" role="status">{say(lang, 'loading')}</p>;
  const { bundle, iv } = loaded;
  if (!bundle || !iv) {
    return <Missing lang={lang} area={area} what={bundle ? 'interviewMissing' : 'waveMissing'} />;
  }

  const onSave = async (body: InterviewBody, to?: string) => {
    const withLang: InterviewBody = { ...body, language: surveyLang.value };
    const target = to ?? nextStep(stepsFor(bundle, withLang), step);
    const saved = await save(interviewStore, iv, withLang, target);
    setLoaded({ ...loaded, iv: saved });
    navigate(interviewUrl(iv, target));
    void sendWaiting();
  };
  const props: StepProps = { iv, bundle, scales: loaded.scales, step, lang, onSave };
  return (
    <div lang={lang}>
      <LanguageSwitch />
      <OfflineNote />
      <StepPage key={step} {...props} />
    </div>
  );
}

function Missing({ lang, area, what }: { lang: Lang; area: string; what: WordKey }) {
  usePageTitle(say(lang, 'surveys'), area);
  return (
    <div lang={lang}>
      <h1>{say(lang, 'surveys')}</h1>
      <p>{say(lang, what)}</p>
      <p><a href={`/areas/${encodeURIComponent(area)}/surveys`}>{say(lang, 'surveys')}</a></p>
    </div>
  );
}

function StepPage(props: StepProps) {
  const { iv, step, bundle } = props;
  if (iv.conflict || iv.problem) return <ConflictStep {...props} />;
  if (iv.body.status !== 'in_progress' || step === 'done') return <DoneStep {...props} />;
  // A conflict already settled (an old link): back to the page the interview reached.
  if (step === 'conflict') return <GoTo url={interviewUrl(iv, iv.step)} />;
  if (step === 'consent') return <ConsentStep {...props} />;
  if (step === 'respondent') return <RespondentStep {...props} />;
  if (step === 'check') return <CheckStep {...props} />;
  const carried = /^carried-(\d+)$/.exec(step);
  if (carried) return <CarriedStep {...props} index={Number(carried[1])} />;
  const found = sectionOfStep(bundle.instrument.definition.sections, step);
  if (!found) return <ConsentStep {...props} step="consent" />;
  const s = found.section;
  switch (s.kind) {
    case 'name_generator':
      return found.person === undefined ? <NamesStep {...props} section={s} /> : <PersonStep {...props} section={s} index={found.person} />;
    case 'roster':
      return <RosterStep {...props} section={s} />;
    case 'scale':
      return <ScaleStep {...props} section={s} />;
    case 'demographics':
      return <DemographicsStep {...props} section={s} />;
    case 'free_text':
      return <TextStep {...props} section={s} />;
  }
}

function GoTo({ url }: { url: string }) {
  useEffect(() => navigate(url, { replace: true }), [url]);
  return null;
}

/** The frame of a question page: back link, one h1, the error summary, a form that saves. */
function StepForm(props: StepProps & { title: string; errors: FieldError[]; onSubmit: () => void; children: preact.ComponentChildren; button?: string; legendIsTitle?: boolean }) {
  const { iv, bundle, step, lang } = props;
  usePageTitle(props.title, iv.area);
  const back = previousStep(stepsFor(bundle, iv.body), step);
  return (
    <>
      {back ? <p><a class="back-link" href={interviewUrl(iv, back)}>{say(lang, 'back')}</a></p> : null}
      <ErrorSummary errors={props.errors} title={say(lang, 'problem')} />
      <h1>{props.title}</h1>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          props.onSubmit();
        }}
      >
        {props.children}
        <Button>{props.button ?? say(lang, 'continue')}</Button>
      </form>
    </>
  );
}

function tooLong(lang: Lang, field: string, value: string, max: number): FieldError[] {
  return value.length > max ? [{ field, message: say(lang, 'errorTooLong', { max }) }] : [];
}

function withAnswers(body: InterviewBody, change: (a: Answers) => Answers): InterviewBody {
  return { ...body, answers: change(structuredClone(body.answers)) };
}

/** Sets answers[part][key], leaving the key out when the value is empty. */
function setPart<K extends Exclude<keyof Answers, 'carried'>>(a: Answers, part: K, key: string, value: NonNullable<Answers[K]>[string] | undefined): Answers {
  const table = { ...(a[part] ?? {}) } as Record<string, unknown>;
  if (value === undefined) delete table[key];
  else table[key] = value;
  const out = { ...a } as Record<string, unknown>;
  if (Object.keys(table).length === 0) delete out[part];
  else out[part] = table;
  return out as Answers;
}

// ---- consent and respondent -------------------------------------------------------

function ConsentStep(props: StepProps) {
  const { iv, lang } = props;
  const [status, setStatus] = useState<string>(iv.body.consent?.status ?? '');
  const [scope, setScope] = useState<string[]>(iv.body.consent?.scope ?? []);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const submit = () => {
    const found: FieldError[] = [];
    if (status !== 'given' && status !== 'refused') found.push({ field: 'consent', message: say(lang, 'errorConsent') });
    else if (status === 'given' && scope.length === 0) found.push({ field: 'scope', message: say(lang, 'errorScope') });
    setErrors(found);
    if (found.length > 0) return;
    if (status === 'refused') {
      // Still in progress until "Record the refusal", so a wrong choice can be changed.
      void props.onSave({ ...iv.body, status: 'in_progress', consent: { status: 'refused', scope: [] }, answers: {} });
    } else {
      const sorted = SCOPES.filter((s) => scope.includes(s));
      void props.onSave({ ...iv.body, status: 'in_progress', consent: { status: 'given', scope: sorted } });
    }
  };
  return (
    <StepForm {...props} title={say(lang, 'consentTitle')} errors={errors} onSubmit={submit}>
      <ChoiceField
        kind="radio"
        name="consent"
        label={say(lang, 'consentQuestion')}
        hint={say(lang, 'consentHint')}
        error={errorFor(errors, 'consent')}
        options={[['given', say(lang, 'consentGiven')], ['refused', say(lang, 'consentRefused')]]}
        selected={status ? [status] : []}
        onChange={(v) => setStatus(v[0] ?? '')}
      />
      {status === 'given' ? (
        <ChoiceField
          kind="checkbox"
          name="scope"
          label={say(lang, 'consentScopeQuestion')}
          hint={say(lang, 'consentScopeHint')}
          error={errorFor(errors, 'scope')}
          options={SCOPES.map((s) => [s, say(lang, `scope_${s}`)])}
          selected={scope}
          onChange={setScope}
        />
      ) : null}
    </StepForm>
  );
}

function RespondentStep(props: StepProps) {
  const { iv, lang } = props;
  const [name, setName] = useState(iv.body.respondent?.display_name ?? '');
  const [household, setHousehold] = useState(iv.body.respondent?.household ?? '');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const submit = () => {
    const found: FieldError[] = [];
    if (name.trim() === '') found.push({ field: 'respondent', message: say(lang, 'errorRespondent') });
    found.push(...tooLong(lang, 'respondent', name.trim(), SAID_MAX), ...tooLong(lang, 'household', household.trim(), HOUSEHOLD_MAX));
    setErrors(found);
    if (found.length > 0) return;
    const respondent: { display_name: string; household?: string } = { display_name: name.trim() };
    if (household.trim() !== '') respondent.household = household.trim();
    void props.onSave({ ...iv.body, respondent });
  };
  return (
    <StepForm {...props} title={say(lang, 'respondentTitle')} errors={errors} onSubmit={submit}>
      <TextField name="respondent" label={say(lang, 'respondentName')} hint={say(lang, 'respondentNameHint')} error={errorFor(errors, 'respondent')} value={name} onInput={setName} autocomplete="off" />
      <TextField name="household" label={`${say(lang, 'household')} ${say(lang, 'optional')}`} hint={say(lang, 'householdHint')} error={errorFor(errors, 'household')} value={household} onInput={setHousehold} autocomplete="off" />
    </StepForm>
  );
}

// ---- names from the wave before -----------------------------------------------------

function CarriedStep(props: StepProps & { index: number }) {
  const { iv, lang, bundle, index } = props;
  const previous = previousRespondent(bundle, iv.body);
  const name = previous?.names[index];
  const before = iv.body.answers.carried ?? [];
  const [page, setPage] = useState<CarriedPage>(() => pageOf(before.find((a) => a.mention === name?.mention)));
  const [errors, setErrors] = useState<FieldError[]>([]);
  if (!previous || !name) return <ConsentStep {...props} step="consent" />;
  const label = carriedLabel(name);
  const submit = () => {
    const found: FieldError[] = [];
    if (page.inTouch === '') found.push({ field: 'in_touch', message: say(lang, 'errorInTouch', { name: label }) });
    else if (page.inTouch === 'yes' && page.closeness === '') found.push({ field: 'closeness', message: say(lang, 'errorCloseness') });
    setErrors(found);
    if (found.length > 0) return;
    const carried = withCarried(previous.names, before, name.mention, carriedAnswer(name.mention, page));
    void props.onSave(withAnswers(iv.body, (a) => ({ ...a, carried })));
  };
  return (
    <StepForm {...props} title={say(lang, 'carriedTitle', { name: label })} errors={errors} onSubmit={submit}>
      <p class="hint">{say(lang, 'carriedHint', { wave: bundle.carry?.previous_wave?.label ?? '', n: index + 1, of: previous.names.length })}</p>
      <ChoiceField
        kind="radio"
        inline
        name="in_touch"
        label={say(lang, 'carriedInTouch', { name: label })}
        error={errorFor(errors, 'in_touch')}
        options={[['yes', say(lang, 'carriedYes')], ['no', say(lang, 'carriedNo')]]}
        selected={page.inTouch ? [page.inTouch] : []}
        onChange={(v) => setPage({ ...page, inTouch: v[0] === 'yes' ? 'yes' : 'no' })}
      />
      {page.inTouch === 'yes' ? (
        <ChoiceField
          kind="radio"
          name="closeness"
          label={say(lang, 'carriedCloseness')}
          error={errorFor(errors, 'closeness')}
          options={CLOSENESS.map((c) => [c, say(lang, `close_${c}`)])}
          selected={page.closeness ? [page.closeness] : []}
          onChange={(v) => setPage({ ...page, closeness: (v[0] ?? '') as CarriedPage['closeness'] })}
        />
      ) : null}
    </StepForm>
  );
}

// ---- name generators ---------------------------------------------------------------

type NameSection = Extract<Section, { kind: 'name_generator' }>;

/** The names entered, each keeping what was answered about it when its words are unchanged. */
export function namesFrom(entered: readonly string[], before: readonly NamedPerson[]): NamedPerson[] {
  const unused = [...before];
  const out: NamedPerson[] = [];
  for (const raw of entered) {
    const said = raw.trim();
    if (said === '') continue;
    const i = unused.findIndex((p) => p.said === said);
    if (i >= 0) {
      out.push(unused[i] as NamedPerson);
      unused.splice(i, 1);
    } else {
      out.push({ said });
    }
  }
  return out;
}

function NamesStep(props: StepProps & { section: NameSection }) {
  const { iv, lang, section } = props;
  const before = iv.body.answers.names?.[section.key] ?? [];
  const [values, setValues] = useState<string[]>(() => Array.from({ length: section.max_names }, (_, i) => before[i]?.said ?? ''));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const field = (i: number) => `name-${section.key}-${i}`;
  const submit = () => {
    const found = values.flatMap((v, i) => tooLong(lang, field(i), v.trim(), SAID_MAX));
    setErrors(found);
    if (found.length > 0) return;
    const names = namesFrom(values, before);
    void props.onSave(withAnswers(iv.body, (a) => setPart(a, 'names', section.key, names.length > 0 ? names : undefined)));
  };
  return (
    <StepForm {...props} title={wordingIn(section.prompt, lang)} errors={errors} onSubmit={submit}>
      <p class="hint">{say(lang, 'namesHint', { max: section.max_names })}</p>
      {values.map((v, i) => (
        <TextField
          key={i}
          name={field(i)}
          label={say(lang, 'nameLabel', { n: i + 1 })}
          error={errorFor(errors, field(i))}
          value={v}
          autocomplete="off"
          onInput={(text) => setValues(values.map((old, j) => (j === i ? text : old)))}
        />
      ))}
    </StepForm>
  );
}

function PersonStep(props: StepProps & { section: NameSection; index: number }) {
  const { iv, lang, section, index } = props;
  const list = iv.body.answers.names?.[section.key] ?? [];
  const person = list[index];
  const [p, setP] = useState<NamedPerson>(person ?? { said: '' });
  if (!person) return <ConsentStep {...props} step="consent" />;
  const name = person.said;
  const asks = (k: string) => section.interpreters.includes(k as NameSection['interpreters'][number]);
  const submit = () => {
    const kept: NamedPerson = { said: person.said };
    if (asks('relationship') && p.relationship) kept.relationship = p.relationship;
    if (asks('closeness') && p.closeness) kept.closeness = p.closeness;
    if (asks('frequency') && p.frequency) kept.frequency = p.frequency;
    if (asks('nearby') && p.nearby !== undefined && p.nearby !== null) kept.nearby = p.nearby;
    const names = list.map((old, i) => (i === index ? kept : old));
    void props.onSave(withAnswers(iv.body, (a) => setPart(a, 'names', section.key, names)));
  };
  const closenessLabel = (n: number) => (n === 1 ? say(lang, 'closeness_1') : n === 5 ? say(lang, 'closeness_5') : String(n));
  return (
    <StepForm {...props} title={say(lang, 'personTitle', { name })} errors={[]} onSubmit={submit}>
      {asks('relationship') ? (
        <ChoiceField kind="radio" name="relationship" label={say(lang, 'relationship', { name })} options={TIE_KINDS.map((k) => [k, say(lang, `rel_${k}`)])} selected={p.relationship ? [p.relationship] : []} onChange={(v) => setP({ ...p, relationship: v[0] ?? null })} />
      ) : null}
      {asks('closeness') ? (
        <ChoiceField kind="radio" name="closeness" label={say(lang, 'closeness', { name })} hint={say(lang, 'closenessHint')} options={[1, 2, 3, 4, 5].map((n) => [String(n), closenessLabel(n)])} selected={p.closeness ? [String(p.closeness)] : []} onChange={(v) => setP({ ...p, closeness: Number(v[0]) })} />
      ) : null}
      {asks('frequency') ? (
        <ChoiceField kind="radio" name="frequency" label={say(lang, 'contact', { name })} options={FREQUENCIES.map((f) => [f, say(lang, `freq_${f}`)])} selected={p.frequency ? [p.frequency] : []} onChange={(v) => setP({ ...p, frequency: v[0] ?? null })} />
      ) : null}
      {asks('nearby') ? (
        <ChoiceField kind="radio" inline name="nearby" label={say(lang, 'nearby', { name })} options={[['yes', say(lang, 'yes')], ['no', say(lang, 'no')]]} selected={p.nearby === true ? ['yes'] : p.nearby === false ? ['no'] : []} onChange={(v) => setP({ ...p, nearby: v[0] === 'yes' })} />
      ) : null}
    </StepForm>
  );
}

// ---- rosters, scales, demographics, free text ------------------------------------

function RosterStep(props: StepProps & { section: Extract<Section, { kind: 'roster' }> }) {
  const { iv, lang, section, bundle } = props;
  const venues = section.of === 'groups' ? bundle.groups : bundle.places;
  const [ticks, setTicks] = useState(iv.body.answers.rosters?.[section.key] ?? []);
  const submit = () => {
    const kept = ticks.map((t) => (section.ask_frequency && t.frequency ? { id: t.id, frequency: t.frequency } : { id: t.id }));
    void props.onSave(withAnswers(iv.body, (a) => setPart(a, 'rosters', section.key, kept.length > 0 ? kept : undefined)));
  };
  const legend = wordingIn(section.prompt, lang);
  return (
    <StepForm {...props} title={legend} errors={[]} onSubmit={submit}>
      {venues.length === 0 ? <p>{say(lang, 'rosterEmpty')}</p> : (
        <div class="form-group">
          <fieldset class="fieldset" aria-describedby={`roster-${section.key}-hint`}>
            <legend class="visually-hidden">{legend}</legend>
            <div id={`roster-${section.key}-hint`} class="hint">{say(lang, 'rosterHint')}</div>
            <div class="choices">
              {venues.map((v) => {
                const tick = ticks.find((t) => t.id === v.id);
                const id = `tick-${v.id}`;
                return (
                  <div class="choice choice--wrap" key={v.id}>
                    <input class="choice__input" type="checkbox" id={id} checked={tick !== undefined} onChange={(e) => {
                      const on = (e.currentTarget as HTMLInputElement).checked;
                      setTicks(on ? [...ticks, { id: v.id }] : ticks.filter((t) => t.id !== v.id));
                    }} />
                    <label class="choice__label" for={id}>{v.name}</label>
                    {tick && section.ask_frequency ? (
                      <div class="choice__conditional">
                        <SelectField
                          name={`often-${v.id}`}
                          label={say(lang, 'rosterFrequency', { name: v.name })}
                          value={tick.frequency ?? ''}
                          emptyLabel={say(lang, 'notSaid')}
                          options={FREQUENCIES.map((f) => [f, say(lang, `freq_${f}`)])}
                          onChange={(f) => setTicks(ticks.map((t) => (t.id === v.id ? { id: t.id, frequency: f === '' ? null : f } : t)))}
                        />
                      </div>
                    ) : null}
                  </div>
                );
              })}
            </div>
          </fieldset>
        </div>
      )}
    </StepForm>
  );
}

/** A scale's answers as its publisher gives them: each code from min to max, with its label where it has one. */
export function scaleOptions(scale: Scale): [string, string][] {
  const out: [string, string][] = [];
  for (let code = scale.answer_min; code <= scale.answer_max; code++) {
    const label = scale.options.find((o) => o.code === code)?.label;
    out.push([String(code), label ? (scale.options.length === scale.answer_max - scale.answer_min + 1 ? label : `${code} – ${label}`) : String(code)]);
  }
  return out;
}

function ScaleStep(props: StepProps & { section: Extract<Section, { kind: 'scale' }> }) {
  const { iv, lang, section, scales } = props;
  const scale = scales.find((s) => s.name === section.scale);
  const [values, setValues] = useState<(number | null)[]>(() => {
    const before = iv.body.answers.scales?.[section.scale] ?? [];
    return (scale?.items ?? []).map((_, i) => before[i] ?? null);
  });
  if (!scale) return <Missing lang={lang} area={iv.area} what="waveMissing" />;
  const itemsLang = scale.languages.includes(lang) ? lang : 'en';
  const submit = () => {
    const answered = values.some((v) => v !== null);
    void props.onSave(withAnswers(iv.body, (a) => setPart(a, 'scales', section.scale, answered ? values : undefined)));
  };
  const options = scaleOptions(scale);
  return (
    <StepForm {...props} title={scale.title} errors={[]} onSubmit={submit}>
      {itemsLang !== lang ? <p class="hint">{say(lang, 'scaleEnglishOnly')}</p> : null}
      <div lang={itemsLang}>
        {scale.preamble ? <p>{scale.preamble}</p> : null}
        {scale.items.map((item, i) => (
          <ChoiceField
            key={i}
            kind="radio"
            inline={options.length > 5}
            name={`${scale.name}-${i}`}
            label={item}
            options={options}
            selected={values[i] === null || values[i] === undefined ? [] : [String(values[i])]}
            onChange={(v) => setValues(values.map((old, j) => (j === i ? Number(v[0]) : old)))}
          />
        ))}
      </div>
    </StepForm>
  );
}

function DemographicsStep(props: StepProps & { section: Extract<Section, { kind: 'demographics' }> }) {
  const { iv, lang, section } = props;
  const before = iv.body.answers.demographics ?? {};
  const [band, setBand] = useState(before.birth_band ?? '');
  const [postcode, setPostcode] = useState(before.postcode_district ?? '');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const asks = (f: string) => section.fields.includes(f);
  const submit = () => {
    const district = postcode.trim().toUpperCase();
    const found = district.length > POSTCODE_MAX ? [{ field: 'postcode_district', message: say(lang, 'errorPostcode') }] : [];
    setErrors(found);
    if (found.length > 0) return;
    const d: Record<string, string> = {};
    if (asks('birth_band') && band !== '') d.birth_band = band;
    if (asks('postcode_district') && district !== '') d.postcode_district = district;
    void props.onSave(withAnswers(iv.body, (a) => {
      const out = { ...a };
      if (Object.keys(d).length > 0) out.demographics = d;
      else delete out.demographics;
      return out;
    }));
  };
  return (
    <StepForm {...props} title={say(lang, 'demographicsTitle')} errors={errors} onSubmit={submit}>
      {asks('birth_band') ? (
        <SelectField name="birth_band" label={say(lang, 'birthBand')} value={band} onChange={setBand} emptyLabel={say(lang, 'notSaid')} options={BIRTH_BANDS.map((b) => [b, b === 'before_1930' ? say(lang, 'birthBandBefore') : b])} />
      ) : null}
      {asks('postcode_district') ? (
        <TextField name="postcode_district" width="short" label={`${say(lang, 'postcodeDistrict')} ${say(lang, 'optional')}`} hint={say(lang, 'postcodeHint')} error={errorFor(errors, 'postcode_district')} value={postcode} onInput={setPostcode} autocomplete="off" />
      ) : null}
    </StepForm>
  );
}

function TextStep(props: StepProps & { section: Extract<Section, { kind: 'free_text' }> }) {
  const { iv, lang, section } = props;
  const [text, setText] = useState(iv.body.answers.text?.[section.key] ?? '');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const field = `text-${section.key}`;
  const prompt = wordingIn(section.prompt, lang);
  const submit = () => {
    const found = tooLong(lang, field, text.trim(), TEXT_MAX);
    setErrors(found);
    if (found.length > 0) return;
    void props.onSave(withAnswers(iv.body, (a) => setPart(a, 'text', section.key, text.trim() === '' ? undefined : text.trim())));
  };
  return (
    <StepForm {...props} title={prompt} errors={errors} onSubmit={submit}>
      <TextField multiline name={field} label={`${prompt} ${say(lang, 'optional')}`} error={errorFor(errors, field)} value={text} onInput={setText} />
    </StepForm>
  );
}

// ---- checking, completing, conflicts ---------------------------------------------

interface Row {
  key: string;
  value: string;
  /** The page to change it on; none for a respondent from the wave before, who is already known. */
  step: string | null;
}

function personLine(lang: Lang, p: NamedPerson): string {
  const parts = [p.said];
  if (p.relationship) parts.push(say(lang, `rel_${p.relationship}` as WordKey));
  if (p.closeness) parts.push(say(lang, 'closenessOf', { n: p.closeness }));
  if (p.frequency) parts.push(say(lang, `freq_${p.frequency}` as WordKey));
  if (p.nearby !== undefined && p.nearby !== null) parts.push(say(lang, p.nearby ? 'livesNearby' : 'livesAway'));
  return parts.join('; ');
}

function checkRows(lang: Lang, body: InterviewBody, bundle: Bundle, scales: Scale[]): Row[] {
  const none = say(lang, 'notAnswered');
  const rows: Row[] = [];
  const c = body.consent;
  rows.push({
    key: say(lang, 'consentTitle'),
    value: !c ? none : c.status === 'refused' ? say(lang, 'consentRefused') : `${say(lang, 'consentGiven')}: ${c.scope.map((s) => say(lang, `scope_${s}` as WordKey)).join(', ')}`,
    step: 'consent',
  });
  if (c?.status === 'refused') return rows;
  const a = body.answers;
  const previous = previousRespondent(bundle, body);
  if (previous) {
    rows.push({ key: say(lang, 'respondentName'), value: previous.display_name, step: null });
    previous.names.forEach((n, i) => {
      const answer = a.carried?.find((x) => x.mention === n.mention);
      const value = !answer ? none : !answer.in_touch ? say(lang, 'notInTouch') : `${say(lang, 'stillInTouch')}${answer.closeness ? `: ${say(lang, `close_${answer.closeness}`)}` : ''}`;
      rows.push({ key: carriedLabel(n), value, step: `carried-${i}` });
    });
  } else {
    rows.push({ key: say(lang, 'respondentName'), value: body.respondent?.display_name ?? none, step: 'respondent' });
  }
  for (const s of bundle.instrument.definition.sections) {
    if (s.kind === 'name_generator') {
      const names = a.names?.[s.key] ?? [];
      rows.push({ key: wordingIn(s.prompt, lang), value: names.length ? names.map((p) => personLine(lang, p)).join(' | ') : say(lang, 'none'), step: `names-${s.key}` });
    } else if (s.kind === 'roster') {
      const venues = s.of === 'groups' ? bundle.groups : bundle.places;
      const ticks = a.rosters?.[s.key] ?? [];
      const text = ticks.map((t) => `${venues.find((v) => v.id === t.id)?.name ?? t.id}${t.frequency ? ` (${say(lang, `freq_${t.frequency}` as WordKey)})` : ''}`);
      rows.push({ key: wordingIn(s.prompt, lang), value: text.length ? text.join(', ') : say(lang, 'none'), step: `roster-${s.key}` });
    } else if (s.kind === 'scale') {
      const scale = scales.find((x) => x.name === s.scale);
      const v = a.scales?.[s.scale];
      const labels = scale ? new Map(scaleOptions(scale)) : new Map<string, string>();
      const said = v ? v.map((x) => (x === null ? none : labels.get(String(x)) ?? String(x))).join('; ') : none;
      rows.push({ key: scale?.title ?? s.scale, value: said, step: `scale-${s.scale}` });
    } else if (s.kind === 'demographics') {
      const d = a.demographics ?? {};
      const text = [d.birth_band, d.postcode_district].filter(Boolean).join(', ');
      rows.push({ key: say(lang, 'demographicsTitle'), value: text || none, step: 'demographics' });
    } else {
      rows.push({ key: wordingIn(s.prompt, lang), value: a.text?.[s.key] ?? none, step: `text-${s.key}` });
    }
  }
  return rows;
}

function CheckStep(props: StepProps) {
  const { iv, lang, bundle, scales } = props;
  const [errors, setErrors] = useState<FieldError[]>([]);
  const refused = iv.body.consent?.status === 'refused';
  const rows = checkRows(lang, iv.body, bundle, scales);
  const submit = () => {
    const found: FieldError[] = [];
    if (!iv.body.consent) found.push({ field: null, message: say(lang, 'errorConsent') });
    else if (!refused && !iv.body.respondent?.display_name && !iv.body.respondent?.person_id) found.push({ field: null, message: say(lang, 'errorRespondent') });
    setErrors(found);
    if (found.length > 0) return;
    void props.onSave({ ...iv.body, status: refused ? 'refused' : 'completed' }, 'done');
  };
  return (
    <StepForm {...props} title={say(lang, 'checkTitle')} errors={errors} onSubmit={submit} button={say(lang, refused ? 'recordRefusal' : 'completeInterview')}>
      <dl class="summary-list">
        {rows.map((r) => (
          <div class="summary-list__row" key={r.step ?? r.key}>
            <dt class="summary-list__key">{r.key}</dt>
            <dd class="summary-list__value">{r.value}</dd>
            <dd class="summary-list__actions">
              {r.step ? <a href={interviewUrl(iv, r.step)}>{say(lang, 'change')}<span class="visually-hidden"> {r.key}</span></a> : null}
            </dd>
          </div>
        ))}
      </dl>
      <p class="hint">{say(lang, 'completeHint')}</p>
    </StepForm>
  );
}

function DoneStep({ iv, lang, bundle }: StepProps) {
  const title = say(lang, iv.body.status === 'refused' ? 'doneRefusedTitle' : 'doneTitle');
  usePageTitle(title, iv.area);
  return (
    <>
      <h1>{title}</h1>
      <div class="notice notice--success" role="status">
        <p>{say(lang, iv.outbox.length === 0 ? 'doneSent' : 'doneWaiting')}</p>
      </div>
      <p><a href={`/areas/${encodeURIComponent(iv.area)}/surveys`}>{say(lang, 'backToWave', { wave: bundle.label })}</a></p>
    </>
  );
}

/** A value of an interview in a few words, for choosing between two copies. */
export function describe(v: unknown): string {
  if (v === undefined || v === null) return '–';
  if (Array.isArray(v)) return v.length === 0 ? '–' : v.map(describe).join('; ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.display_name === 'string') return [o.display_name, o.household].filter((x) => typeof x === 'string' && x !== '').join(', ');
    if (typeof o.said === 'string') return [o.said, ...Object.entries(o).filter(([k]) => k !== 'said').map(([k, x]) => `${k} ${describe(x)}`)].join(', ');
    return Object.entries(o).map(([k, x]) => `${k}: ${describe(x)}`).join(', ') || '–';
  }
  return String(v);
}

/** A field a conflict names ("answers.names.confide") as the question the researcher asked. */
export function fieldLabel(lang: Lang, field: string, bundle: Bundle, scales: Scale[]): string {
  const [top, part, key] = field.split('.');
  if (top !== 'answers') {
    const own: Record<string, WordKey> = { consent: 'consentTitle', respondent: 'respondentName', status: 'interviewStatus', language: 'language' };
    return own[top ?? ''] ? say(lang, own[top ?? ''] as WordKey) : field;
  }
  if (part === 'demographics') return say(lang, 'demographicsTitle');
  if (part === 'scales') return scales.find((s) => s.name === key)?.title ?? field;
  for (const s of bundle.instrument.definition.sections)
    if ('key' in s && s.key === key && 'prompt' in s) return wordingIn(s.prompt, lang);
  return field;
}

function ConflictStep(props: StepProps) {
  const { iv, lang } = props;
  const [keepServer, setKeepServer] = useState<Set<string>>(new Set());
  const title = say(lang, iv.conflict ? 'conflictTitle' : 'problemTitle');
  usePageTitle(title, iv.area);
  if (!iv.conflict) {
    return (
      <>
        <h1>{title}</h1>
        {iv.problem ? <div class="notice notice--error" role="alert"><p>{iv.problem}</p></div> : null}
        <p><a href={`/areas/${encodeURIComponent(iv.area)}/surveys`}>{say(lang, 'surveys')}</a></p>
      </>
    );
  }
  const conflict = iv.conflict;
  const submit = async () => {
    const next = { ...resolved(iv, keepServer), step: iv.step };
    await interviewStore.put(next);
    navigate(interviewUrl(next, next.body.status === 'in_progress' ? next.step : 'done'));
    void sendWaiting();
  };
  return (
    <>
      <h1>{title}</h1>
      <p>{say(lang, 'conflictIntro')}</p>
      <form noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        {conflict.differs.map((field, i) => {
          const { device, server } = conflictValues(iv, field);
          return (
            <ChoiceField
              key={field}
              kind="radio"
              name={`keep-${i}`}
              label={fieldLabel(lang, field, props.bundle, props.scales)}
              options={[['device', say(lang, 'conflictDevice', { value: describe(device) })], ['server', say(lang, 'conflictServer', { value: describe(server) })]]}
              selected={[keepServer.has(field) ? 'server' : 'device']}
              onChange={(v) => {
                const next = new Set(keepServer);
                if (v[0] === 'server') next.add(field);
                else next.delete(field);
                setKeepServer(next);
              }}
            />
          );
        })}
        <Button>{say(lang, 'keepChoices')}</Button>
      </form>
    </>
  );
}
