// Interviews done in Network Canvas, into one wave (docs/surveys.md, "Network
// Canvas interviews"): the researcher chooses the GraphML file Network Canvas
// exported, says what the respondents consented to, and which name question
// the people they named answer. The server reads, checks and imports it all
// or nothing (POST …/survey/waves/{wave}/netcanvas); the page only says what
// it answered.
import { useState } from 'preact/hooks';
import { ApiError, messageFor } from '../../api/errors';
import type { PageProps } from '../../App';
import { Button, ChoiceField, ErrorSummary, errorFor, fieldId, SelectField, TextField, toFieldError, type FieldError } from '../../components/forms';
import { words } from '../../format';
import { Loaded, useLoad, usePageTitle } from '../../page';
import { consentScopes } from '../personWords';
import { instrumentsPath } from './InstrumentPage';
import { importedWords, nameQuestions } from './netcanvasWords';
import { reviewPath } from './StartWave';
import { surveyApi } from './surveyApi';
import type { Wave } from './types';

export const netcanvasPath = (area: string, wave: string) => `/areas/${encodeURIComponent(area)}/surveys/waves/${encodeURIComponent(wave)}/netcanvas`;

async function loadWave(area: string, waveId: string): Promise<{ wave: Wave; questions: [string, string][] }> {
  const wave = (await surveyApi.waves(area)).items.find((w) => w.id === waveId);
  if (!wave) throw new Error('There is no such wave in this area.');
  const instrument = await surveyApi.instrument(area, wave.instrument_id);
  return { wave, questions: nameQuestions(instrument.definition) };
}

export function NetcanvasImportPage({ params }: PageProps) {
  const area = params.area as string;
  const waveId = params.wave as string;
  usePageTitle('Import from Network Canvas', area);
  const [load] = useLoad(() => loadWave(area, waveId), [area, waveId]);
  const label = load.state === 'done' ? load.value.wave.label : null;
  return (
    <>
      <h1>Import from Network Canvas{label ? `: ${label}` : ''}</h1>
      <p class="lead">
        Interviews done in Network Canvas come into this wave from its GraphML export. Each interview becomes a
        completed interview here, and the people named wait in the review queue to be matched to the register. A file
        imported before adds nothing twice.
      </p>
      <Loaded load={load} what="the wave">
        {({ wave, questions }) => <ImportForm area={area} wave={wave} questions={questions} />}
      </Loaded>
      <p><a class="link" href={instrumentsPath(area)}>Back to the survey instruments and waves</a></p>
    </>
  );
}

function ImportForm({ area, wave, questions }: { area: string; wave: Wave; questions: [string, string][] }) {
  const [file, setFile] = useState<File | null>(null);
  const [scope, setScope] = useState<string[]>([]);
  const [generator, setGenerator] = useState(questions[0]?.[0] ?? '');
  const [nodeType, setNodeType] = useState('Person');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  if (wave.status !== 'open') return <p>This wave is closed, so no interviews can be imported into it. Reopen it on the waves page first.</p>;

  async function submit(e: Event) {
    e.preventDefault();
    setDone(null);
    const missing: FieldError[] = [];
    if (file === null) missing.push({ field: 'file', message: 'Choose the GraphML file Network Canvas exported' });
    if (scope.length === 0) missing.push({ field: 'consent_scope', message: 'Tick what the respondents agreed to' });
    setErrors(missing);
    if (missing.length > 0 || file === null) return;
    setBusy(true);
    try {
      const answer = await surveyApi.importNetcanvas(area, wave.id, await file.text(), {
        consent_scope: scope.join(','), generator: generator || undefined, node_type: nodeType.trim() || undefined,
      });
      setDone(importedWords(answer, nodeType.trim() || 'Person'));
    } catch (error) {
      // A problem inside the file names a line (and a variable of the file): it is the file's.
      const inFile = error instanceof ApiError && error.line !== null && error.line > 0;
      setErrors([inFile ? { field: 'file', message: messageFor(error) } : toFieldError(error, ['file', 'consent_scope', 'generator', 'node_type'])]);
    } finally {
      setBusy(false);
    }
  }

  const fileError = errorFor(errors, 'file');
  return (
    <>
      {done ? (
        <div class="notice notice--success" role="status">
          {done.map((line) => <p key={line}>{line}</p>)}
          <p><a href={reviewPath(area, wave.id)}>Match the people named to the register</a></p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} id="netcanvas-errors" />
      <form noValidate onSubmit={submit}>
        <div class={`form-group${fileError ? ' form-group--error' : ''}`}>
          <label class="label" for={fieldId('file')}>GraphML file exported from Network Canvas</label>
          <div id={`${fieldId('file')}-hint`} class="hint">In Network Canvas, export the interviews as GraphML. The file ends in .graphml.</div>
          {fileError ? <p id={`${fieldId('file')}-error`} class="error-message"><span class="visually-hidden">Error: </span>{fileError}</p> : null}
          <input class={`file-upload${fileError ? ' input--error' : ''}`} type="file" id={fieldId('file')} name="file" accept=".graphml,application/graphml+xml,application/xml,text/xml"
            aria-describedby={`${fieldId('file')}-hint${fileError ? ` ${fieldId('file')}-error` : ''}`} aria-invalid={fileError ? true : undefined}
            onChange={(ev) => setFile((ev.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
        </div>
        <ChoiceField name="consent_scope" kind="checkbox" label="What did the respondents agree to?"
          hint="Network Canvas does not record kith’s consent. Tick what every respondent in the file agreed to."
          options={consentScopes.map((s) => [s, words.consent_scope?.[s] ?? s])} selected={scope} onChange={setScope} error={errorFor(errors, 'consent_scope')} />
        {questions.length === 0 ? <p>This wave’s questionnaire asks for no names, so only the respondents and their scale answers are imported; a file that names people is refused.</p> : (
          <SelectField name="generator" label="Which question did they name people for?" value={generator} onChange={setGenerator}
            options={questions} error={errorFor(errors, 'generator')} />
        )}
        <TextField name="node_type" label="Network Canvas node type of the people named" hint="As in the Network Canvas protocol; usually Person" width="medium"
          value={nodeType} onInput={setNodeType} error={errorFor(errors, 'node_type')} autocomplete="off" />
        <Button disabled={busy}>Import the interviews</Button>
      </form>
    </>
  );
}
