// Designing a survey instrument (issue 11): a draft is edited with plain form
// controls and saved; the server checks the whole definition and names the field
// it refuses, shown against that field. Publishing freezes it for good: the page
// then reads only, offers a new version, and starts a wave with it.
import '../../styles/survey-design.css';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, isStaleRevision, messageFor } from '../../api/errors';
import type { PageProps } from '../../App';
import { Button, ErrorSummary, errorFor, fieldId, SelectField, TextField, type FieldError } from '../../components/forms';
import { formatDate, formatDateTime } from '../../format';
import { Failed, Loading, usePageTitle } from '../../page';
import { navigate } from '../../router';
import { InstrumentPreview } from './InstrumentPreview';
import {
  definitionOf, draftOf, fieldInForm, messageOfError, moveSection, newSection, sectionKinds,
  type InstrumentDraft, type SectionDraft, type SectionKind,
} from './instrumentForm';
import { moveButtonId, SectionEditor, sectionHeadingId } from './SectionEditor';
import { StartWave } from './StartWave';
import { surveyApi } from './surveyApi';
import { kindWords } from './surveyWords';
import type { Instrument, Scale } from './types';

const empty: InstrumentDraft = { name: '', titleEn: '', titleCy: '', sections: [] };

export const instrumentsPath = (area: string) => `/areas/${encodeURIComponent(area)}/surveys/instruments`;
export const instrumentPath = (area: string, id: string) => `${instrumentsPath(area)}/${encodeURIComponent(id)}`;

export const staleDraft =
  'Someone else saved this draft since you opened it, so your changes were not saved. Reload the page to see their version, then make your changes again.';

/** A refused save as the field it names on this form, in words. */
export function saveError(error: unknown, sections: readonly Pick<SectionDraft, 'kind'>[]): FieldError {
  if (error instanceof ApiError && error.status === 400) {
    return { field: fieldInForm(error.field, sections), message: messageOfError(error.field, error.message) };
  }
  // The published-instrument conflict names "status", so is not a stale revision.
  if (isStaleRevision(error)) return { field: null, message: staleDraft };
  return { field: null, message: messageFor(error) };
}

export function InstrumentPage({ params }: PageProps) {
  const area = params.area as string;
  const id = params.id ?? null;
  const [instrument, setInstrument] = useState<Instrument | null>(null);
  const [scales, setScales] = useState<Scale[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<InstrumentDraft>(empty);

  useEffect(() => {
    setInstrument(null);
    setLoadError(null);
    surveyApi.scales().then((s) => setScales(s.items), setLoadError);
    if (!id) {
      setDraft({ ...empty, sections: [] });
      return;
    }
    surveyApi.instrument(area, id).then((i) => {
      setInstrument(i);
      setDraft(draftOf(i.name, i.definition));
    }, setLoadError);
  }, [area, id]);

  const heading = !id ? 'Make a survey instrument'
    : instrument ? `${instrument.name}, version ${instrument.version}${instrument.status === 'draft' ? ' (draft)' : ''}`
    : 'Survey instrument';
  usePageTitle(heading, area);

  const [errors, setErrors] = useState<FieldError[]>([]);
  useEffect(() => setErrors([]), [area, id]);
  const ready = scales !== null && (!id || instrument !== null);
  // One h1 element through loading and loaded, so the focus given to it on arrival stays.
  return (
    <div class="survey-design">
      <ErrorSummary errors={errors} />
      <h1>{heading}</h1>
      {loadError ? <Failed error={loadError} />
        : !ready ? <Loading what="the instrument" />
        : instrument?.status === 'published'
          ? <Published area={area} instrument={instrument} draft={draft} scales={scales} errors={errors} setErrors={setErrors} />
          : <DraftEditor area={area} instrument={instrument} draft={draft} setDraft={setDraft} scales={scales} errors={errors} setErrors={setErrors}
              onSaved={(saved) => { setInstrument(saved); setDraft(draftOf(saved.name, saved.definition)); }} />}
      <p><a class="link" href={instrumentsPath(area)}>Back to the survey instruments</a></p>
    </div>
  );
}

function focusHeading(): void {
  const h1 = document.querySelector('main h1');
  if (!(h1 instanceof HTMLElement)) return;
  h1.setAttribute('tabindex', '-1');
  h1.focus();
}

interface EditorProps {
  area: string;
  instrument: Instrument | null;
  draft: InstrumentDraft;
  setDraft: (update: (d: InstrumentDraft) => InstrumentDraft) => void;
  scales: readonly Scale[];
  errors: readonly FieldError[];
  setErrors: (e: FieldError[]) => void;
  onSaved: (i: Instrument) => void;
}

function DraftEditor({ area, instrument, draft, setDraft, scales, errors, setErrors, onSaved }: EditorProps) {
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [adding, setAdding] = useState<SectionKind>('name_generator');
  const [focusAfter, setFocusAfter] = useState<string | null>(null);
  // What a move or removal did, for a screen reader: the focus alone does not say it.
  const [announced, setAnnounced] = useState('');

  useEffect(() => {
    if (focusAfter === null) return;
    document.getElementById(focusAfter)?.focus();
    setFocusAfter(null);
  }, [focusAfter]);

  const err = (f: string) => errorFor(errors, f);
  const changeSections = (update: (d: InstrumentDraft) => InstrumentDraft) => {
    setSaved(null);
    setErrors([]); // the errors name sections by their place, which a change may move
    setDraft(update);
  };

  function move(index: number, by: -1 | 1) {
    const s = draft.sections[index];
    if (!s) return;
    changeSections((d) => ({ ...d, sections: moveSection(d.sections, index, by) }));
    // The focus stays on the button pressed, now beside the section in its new place;
    // at either end that button is gone, so the other one takes it.
    const to = index + by;
    if (to < 0 || to >= draft.sections.length) return;
    setAnnounced(`Section moved to place ${to + 1} of ${draft.sections.length}.`);
    const atEnd = to === 0 || to === draft.sections.length - 1;
    setFocusAfter(atEnd ? moveButtonId(s.uid, by < 0 ? 1 : -1) : moveButtonId(s.uid, by));
  }

  function remove(index: number) {
    changeSections((d) => ({ ...d, sections: d.sections.filter((_, i) => i !== index) }));
    setAnnounced(`Section ${index + 1} removed.`);
    setFocusAfter(fieldId('add-section-kind'));
  }

  function add() {
    const s = newSection(adding, draft.sections);
    changeSections((d) => ({ ...d, sections: [...d.sections, s] }));
    setAnnounced(`Section ${draft.sections.length + 1} added.`);
    setFocusAfter(sectionHeadingId(s.uid));
  }

  async function save(publish: boolean) {
    setBusy(true);
    setSaved(null);
    try {
      const definition = definitionOf(draft);
      if (!instrument) {
        const made = await surveyApi.createInstrument(area, draft.name, definition);
        navigate(instrumentPath(area, made.id), { replace: true });
        return;
      }
      // The revision the page read: a draft someone else saved since is refused, not overwritten.
      const out = publish
        ? await surveyApi.publishInstrument(area, instrument.id, definition, instrument.revision)
        : await surveyApi.saveInstrument(area, instrument.id, definition, instrument.revision);
      setErrors([]);
      onSaved(out);
      setSaved(publish ? null : `Draft saved at ${formatDateTime(out.updated_at)}.`);
      // Published, the form is gone with the button pressed: the reader is taken to the heading, now "NAME, version N".
      if (publish) focusHeading();
    } catch (error) {
      setErrors([saveError(error, draft.sections)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <p class="lead narrow">
        An instrument is the questionnaire researchers take door to door. Build it from sections, save the draft, look at
        the preview, then publish it. Nothing is final until it is published.
      </p>
      <form class="narrow" noValidate onSubmit={(e) => { e.preventDefault(); void save(false); }}>
        {instrument ? (
          <p>Name: <strong>{instrument.name}</strong> (made by {instrument.created_by}, {formatDateTime(instrument.created_at)})</p>
        ) : (
          <TextField name="name" label="Name of the instrument" autocomplete="off"
            hint="Researchers choose it by this name. Using a name again makes the next version of it."
            value={draft.name} onInput={(v) => setDraft((d) => ({ ...d, name: v }))} error={err('name')} />
        )}
        <TextField name="title_en" label="Title in English" hint="The heading the interviewer and respondent see" autocomplete="off"
          value={draft.titleEn} onInput={(v) => setDraft((d) => ({ ...d, titleEn: v }))} error={err('title_en')} />
        <TextField name="title_cy" label="Title in Welsh" required={false} autocomplete="off"
          value={draft.titleCy} onInput={(v) => setDraft((d) => ({ ...d, titleCy: v }))} error={err('title_cy')} />

        <h2 id="f-sections" tabIndex={-1}>Sections</h2>
        <p class="visually-hidden" role="status">{announced}</p>
        {err('sections') ? <p class="error-message"><span class="visually-hidden">Error: </span>{err('sections')}</p> : null}
        {draft.sections.length === 0 ? <p>No sections yet. Add the first one below.</p> : null}
        {draft.sections.map((s, i) => (
          <SectionEditor key={s.uid} index={i} count={draft.sections.length} section={s} scales={scales} errors={errors}
            onChange={(next) => changeSections((d) => ({ ...d, sections: d.sections.map((x) => (x.uid === s.uid ? next : x)) }))}
            onMove={(by) => move(i, by)} onRemove={() => remove(i)} />
        ))}
        <div class="panel add-section">
          <SelectField name="add-section-kind" label="Kind of section to add" value={adding}
            onChange={(v) => setAdding(v as SectionKind)} options={sectionKinds.map((k) => [k, kindWords[k]])} />
          <Button type="button" secondary onClick={add}>Add the section</Button>
        </div>

        <details class="details">
          <summary class="details__summary">Preview how it reads</summary>
          <InstrumentPreview draft={draft} scales={scales} />
        </details>
        {saved ? <div class="notice notice--success" role="status"><p>{saved}</p></div> : null}
        <div class="button-group">
          <Button disabled={busy}>{instrument ? 'Save the draft' : 'Save as a draft'}</Button>
        </div>
      </form>
      {instrument ? (
        <section class="panel" aria-labelledby="publish-heading">
          <h2 id="publish-heading">Publish</h2>
          <p>
            Once published, this version never changes, so that every wave using it asks the same questions and the
            answers can be compared. To change it after that, you make a new version.
          </p>
          <Button secondary disabled={busy} onClick={() => void save(true)} type="button">
            Publish version {instrument.version}
          </Button>
        </section>
      ) : null}
    </>
  );
}

interface PublishedProps {
  area: string;
  instrument: Instrument;
  draft: InstrumentDraft;
  scales: readonly Scale[];
  errors: readonly FieldError[];
  setErrors: (e: FieldError[]) => void;
}

function Published({ area, instrument, draft, scales, errors, setErrors }: PublishedProps) {
  const [busy, setBusy] = useState(false);

  async function nextVersion() {
    setBusy(true);
    try {
      const made = await surveyApi.createInstrument(area, instrument.name, instrument.definition);
      navigate(instrumentPath(area, made.id));
    } catch (e) {
      setErrors([{ field: null, message: messageFor(e) }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <div class="notice" role="note">
        <p>
          Published on {formatDate((instrument.published_at ?? '').slice(0, 10))}. A published instrument never changes,
          so every wave using it asks the same questions. To change it, make a new version: this one stays as it is.
        </p>
      </div>
      <div class="button-group">
        <Button secondary disabled={busy} type="button" onClick={() => void nextVersion()}>Make a new version from this one</Button>
      </div>
      <h2>The questions</h2>
      <InstrumentPreview draft={draft} scales={scales} />
      <StartWave area={area} instrument={instrument} errors={errors} setErrors={setErrors} />
    </>
  );
}
