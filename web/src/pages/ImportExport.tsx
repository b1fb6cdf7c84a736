// Import and export (`/areas/:area/import`): check a file (a preview that writes
// nothing) and then import it, and download the area in each export format.
// Importing needs register_write, exporting register_read (docs/security.md); the
// page shows the halves the roles allow and the server checks again.
import { useRef, useState } from 'preact/hooks';
import { allows } from '../access';
import { ApiError } from '../api/errors';
import { api, exportUrl } from '../api/routes';
import type { ImportProblem, ImportReport } from '../api/types';
import type { PageProps } from '../App';
import { Button, ChoiceField, ErrorSummary, errorFor, fieldId, toFieldError, type FieldError } from '../components/forms';
import { usePageTitle } from '../page';
import { grants } from '../session';
import {
  checkSentence, fileInWords, formatChoice, importBody, importFormats, lineInWords, missingFiles, problemsSummary, reportSentence,
  type FileTexts, type ImportFormat,
} from './importWords';

export function ImportExportPage({ params }: PageProps) {
  const area = params.area as string;
  usePageTitle('Import and export', area);
  const mayImport = allows(grants.value, area, 'register_write');
  // Held here so the summary sits at the top of the page, above the h1 (GOV.UK's place for it).
  const [errors, setErrors] = useState<FieldError[]>([]);
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Import and export</h1>
      {mayImport ? <ImportSection area={area} errors={errors} setErrors={setErrors} /> : null}
      <ExportSection area={area} />
    </>
  );
}

/** A problems table's rows and how many there are in all, from a preview or a refused import. */
interface Problems {
  list: ImportProblem[];
  total: number;
}

type Step =
  | { kind: 'choosing' }
  | { kind: 'checked'; sentence: string; canImport: boolean; problems: Problems | null; sent: { format: ImportFormat; texts: FileTexts } }
  | { kind: 'imported'; sentence: string }
  | { kind: 'refused'; problems: Problems };

const problemsId = 'problems';

function ImportSection({ area, errors, setErrors }: { area: string; errors: FieldError[]; setErrors: (e: FieldError[]) => void }) {
  const [format, setFormat] = useState<ImportFormat>('kumu');
  const [files, setFiles] = useState<Partial<Record<string, File>>>({});
  const [step, setStep] = useState<Step>({ kind: 'choosing' });
  const [busy, setBusy] = useState(false);
  // A new key clears every file input when the format changes, so no file of one format is sent as another.
  const [inputsKey, setInputsKey] = useState(0);
  const resultRef = useRef<HTMLDivElement>(null);
  const choice = formatChoice(format);

  // Any change to what would be sent makes the last check stale: it must be checked again.
  function changed() {
    setStep({ kind: 'choosing' });
    setErrors([]);
  }

  function chooseFormat(f: ImportFormat) {
    setFormat(f);
    setFiles({});
    setInputsKey((k) => k + 1);
    changed();
  }

  function chooseFile(key: string, file: File | undefined) {
    setFiles((fs) => ({ ...fs, [key]: file }));
    changed();
  }

  async function readFiles(): Promise<FileTexts> {
    const texts: FileTexts = {};
    for (const slot of choice.files) {
      const file = files[slot.key];
      if (file) texts[slot.key] = await file.text();
    }
    return texts;
  }

  function showProblems(problems: Problems) {
    const { headline } = problemsSummary(problems.total, problems.list.length);
    setErrors([{ field: problemsId, message: `${headline} See the list of problems.` }]);
  }

  async function check(e: Event) {
    e.preventDefault();
    const chosen = new Set(Object.entries(files).flatMap(([k, f]) => (f ? [k] : [])));
    const missing = missingFiles(format, chosen);
    if (missing.length > 0) {
      setStep({ kind: 'choosing' });
      setErrors(missing);
      return;
    }
    setBusy(true);
    try {
      const texts = await readFiles();
      const preview = await api.previewImport(area, format, importBody(format, texts));
      const problems = preview.errors_total > 0 ? { list: preview.errors, total: preview.errors_total } : null;
      setStep({ kind: 'checked', sentence: checkSentence(preview), canImport: preview.can_import, problems, sent: { format, texts } });
      if (problems) showProblems(problems);
      else {
        setErrors([]);
        requestAnimationFrame(() => resultRef.current?.focus());
      }
    } catch (error) {
      setStep({ kind: 'choosing' });
      setErrors([toFieldError(error, [])]);
    } finally {
      setBusy(false);
    }
  }

  async function runImport() {
    if (step.kind !== 'checked' || !step.canImport) return;
    setBusy(true);
    try {
      // The very text that was checked, not the files read again.
      const report: ImportReport = await api.importFile(area, step.sent.format, importBody(step.sent.format, step.sent.texts));
      setStep({ kind: 'imported', sentence: reportSentence(report, false) });
      setErrors([]);
      requestAnimationFrame(() => resultRef.current?.focus());
    } catch (error) {
      if (error instanceof ApiError && error.problems && error.problems.length > 0) {
        const problems = { list: error.problems, total: error.problemsTotal ?? error.problems.length };
        setStep({ kind: 'refused', problems });
        showProblems(problems);
      } else {
        setErrors([toFieldError(error, [])]);
      }
    } finally {
      setBusy(false);
    }
  }

  const base = `/areas/${encodeURIComponent(area)}`;
  return (
    <section class="panel panel--wide" aria-labelledby="import-title">
      <h2 id="import-title">Import a file</h2>
      <p>Checking a file changes nothing in the register. Only “Import” adds or updates records, and only when the check found no problems: an import is all or nothing.</p>
      <form onSubmit={check} noValidate>
        <ChoiceField
          name="format"
          kind="radio"
          label="What kind of file is it?"
          options={importFormats.map((f) => [f.format, f.label])}
          selected={[format]}
          onChange={(v) => chooseFormat((v[0] ?? 'kumu') as ImportFormat)}
        />
        <div key={inputsKey}>
          {choice.files.map((slot) => {
            const name = `file-${slot.key}`;
            const error = errorFor(errors, name);
            return (
              <div key={slot.key} class={`form-group${error ? ' form-group--error' : ''}`}>
                <label class="label" for={fieldId(name)}>{slot.label}{slot.optional ? ' (optional)' : ''}</label>
                <div id={`${fieldId(name)}-hint`} class="hint">{slot.hint}</div>
                {error ? <p id={`${fieldId(name)}-error`} class="error-message"><span class="visually-hidden">Error: </span>{error}</p> : null}
                <input
                  class={`file-upload${error ? ' input--error' : ''}`}
                  type="file"
                  id={fieldId(name)}
                  name={name}
                  accept={slot.accept}
                  aria-describedby={`${fieldId(name)}-hint${error ? ` ${fieldId(name)}-error` : ''}`}
                  aria-invalid={error ? true : undefined}
                  onChange={(ev) => chooseFile(slot.key, (ev.currentTarget as HTMLInputElement).files?.[0])}
                />
              </div>
            );
          })}
        </div>
        <div class="button-group">
          <Button disabled={busy}>Check the file</Button>
          <Button type="button" secondary disabled={busy || step.kind !== 'checked' || !step.canImport} onClick={runImport}>Import</Button>
        </div>
      </form>
      <div class="import-result" tabIndex={-1} ref={resultRef}>
        {step.kind === 'checked' ? (
          <>
            <h3>What the import would do</h3>
            <p>{step.sentence}</p>
            {step.canImport ? <p>The file has no problems. Choose “Import” to make these changes.</p> : null}
          </>
        ) : null}
        {step.kind === 'imported' ? (
          <div class="notice notice--success">
            <h3>The file has been imported</h3>
            <p>{step.sentence}</p>
            <p><a href={`${base}/dashboard`}>Open the dashboard</a> or <a href={`${base}/people`}>see the people</a>.</p>
          </div>
        ) : null}
      </div>
      {(step.kind === 'checked' || step.kind === 'refused') && step.problems ? <ProblemsTable problems={step.problems} /> : null}
    </section>
  );
}

function ProblemsTable({ problems }: { problems: Problems }) {
  const { headline, shown } = problemsSummary(problems.total, problems.list.length);
  return (
    <div class="problems" id={fieldId(problemsId)} tabIndex={-1}>
      <h3>Problems in the file</h3>
      <p>{headline}{shown ? ` ${shown}` : ''} Correct the file, choose it again and check it again.</p>
      <div class="table-wrap">
        <table class="table table--reflow">
          <caption class="visually-hidden">Problems in the file</caption>
          <thead>
            <tr><th scope="col">File</th><th scope="col">Line</th><th scope="col">Column</th><th scope="col">Problem</th></tr>
          </thead>
          <tbody>
            {problems.list.map((p, i) => (
              <tr key={i}>
                <td data-label="File">{fileInWords(p.file)}</td>
                <td data-label="Line" class="num">{lineInWords(p.line)}</td>
                <td data-label="Column">{p.column ?? ''}</td>
                <td data-label="Problem">{p.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

interface Download {
  name: string;
  format: string;
  part?: string;
  about: string;
}

const downloads: readonly Download[] = [
  { name: 'Kumu elements (CSV)', format: 'kumu', part: 'elements', about: 'Every person, group and place, one a row, for Kumu or a spreadsheet; with the connections file it can be imported again.' },
  { name: 'Kumu connections (CSV)', format: 'kumu', part: 'connections', about: 'Every tie and membership of a group or place, one a row, to go with the elements file.' },
  { name: 'the edge list (CSV)', format: 'edgelist', about: 'One row for each tie: source, target and weight (closeness), for tools that read a plain list of links.' },
  { name: 'GraphML', format: 'graphml', about: 'The network for Gephi or yEd.' },
  { name: 'GEXF', format: 'gexf', about: 'The network for Gephi.' },
  { name: 'kith JSON', format: 'json', about: 'The whole area in kith’s own format: to keep a copy, or to import into another kith.' },
];

function ExportSection({ area }: { area: string }) {
  return (
    <section class="panel panel--wide" aria-labelledby="export-title">
      <h2 id="export-title">Export the area</h2>
      <p>These files hold names and personal details. Open and share them only with people who may see the register, and delete copies you no longer need. Each download is recorded, with who made it and when.</p>
      <ul class="download-list">
        {downloads.map((d) => (
          <li key={`${d.format}-${d.part ?? ''}`} class="download-list__item">
            <a class="download-list__link" href={exportUrl(area, d.format, d.part)} download>{`Download ${d.name}`}</a>
            <p class="download-list__about">{d.about}</p>
          </li>
        ))}
      </ul>
      <h3>For academic partners</h3>
      <ul class="download-list">
        <li class="download-list__item">
          <a class="download-list__link" href={exportUrl(area, 'research')} download>Download the research export (JSON)</a>
          <p class="download-list__about">The network with no names or ids, for academic partners under a data-sharing agreement: each person has a new random id, and a decade of birth or postcode district only when at least 5 people share it. People who have not consented to research are left out, with their ties.</p>
        </li>
      </ul>
    </section>
  );
}
