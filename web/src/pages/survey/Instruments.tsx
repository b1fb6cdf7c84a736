// The area's survey instruments, every version, and the waves that use them,
// each wave with its review queue and a button to close or reopen it.
import '../../styles/survey-design.css';
import { useState } from 'preact/hooks';
import { messageFor } from '../../api/errors';
import type { PageProps } from '../../App';
import { formatDate, formatDateTime } from '../../format';
import { Loaded, useLoad, usePageTitle } from '../../page';
import { instrumentPath, instrumentsPath } from './InstrumentPage';
import { reviewPath } from './StartWave';
import { reportPath } from './WaveReportPage';
import { fieldworkPath } from './FieldworkPage';
import { netcanvasPath } from './NetcanvasImportPage';
import { surveyApi } from './surveyApi';
import { instrumentStatusWords, waveStatusWords } from './surveyWords';
import type { InstrumentSummary, Wave } from './types';

/** Versions of one name together, names in alphabetical order, the newest version first. */
export function inVersionOrder(list: readonly InstrumentSummary[]): InstrumentSummary[] {
  return [...list].sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || b.version - a.version);
}

export function Instruments({ params }: PageProps) {
  const area = params.area as string;
  usePageTitle('Survey instruments', area);
  const [load, reload] = useLoad(
    () => Promise.all([surveyApi.instruments(area), surveyApi.waves(area)]).then(([i, w]) => ({ instruments: i.items, waves: w.items })),
    [area],
  );
  return (
    <div class="survey-design">
      <h1>Survey instruments</h1>
      <p class="lead narrow">
        An instrument is the questionnaire researchers take door to door. Make a draft, publish it, then start a wave
        with it. A published instrument never changes; a change makes a new version.
      </p>
      <p><a class="button" href={`${instrumentsPath(area)}/new`}>Make a new instrument</a></p>
      <Loaded load={load} what="the instruments">
        {({ instruments, waves }) => (
          <>
            <InstrumentTable area={area} list={instruments} />
            <Waves area={area} waves={waves} instruments={instruments} onChange={reload} />
          </>
        )}
      </Loaded>
    </div>
  );
}

function InstrumentTable({ area, list }: { area: string; list: InstrumentSummary[] }) {
  if (list.length === 0) return <p>This area has no instruments yet.</p>;
  return (
    <div class="table-wrap">
      <table class="table table--reflow">
        <caption class="visually-hidden">Instruments, every version</caption>
        <thead><tr><th scope="col">Name</th><th scope="col">Version</th><th scope="col">Status</th><th scope="col">Last changed</th></tr></thead>
        <tbody>
          {inVersionOrder(list).map((i) => (
            <tr key={i.id}>
              <th scope="row" data-label="Name"><a href={instrumentPath(area, i.id)}>{i.name}<span class="visually-hidden">, version {i.version}</span></a></th>
              <td data-label="Version" class="num">{i.version}</td>
              <td data-label="Status">{instrumentStatusWords[i.status] ?? i.status}</td>
              <td data-label="Last changed">{formatDateTime(i.published_at ?? i.updated_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Waves({ area, waves, instruments, onChange }: { area: string; waves: Wave[]; instruments: InstrumentSummary[]; onChange: () => void }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const nameOf = (id: string) => {
    const i = instruments.find((x) => x.id === id);
    return i ? `${i.name}, version ${i.version}` : id;
  };

  async function toggle(w: Wave) {
    const next = w.status === 'open' ? 'closed' : 'open';
    setBusy(true);
    try {
      await surveyApi.setWaveStatus(area, w.id, next);
      setMessage({ ok: true, text: next === 'closed' ? `${w.label} is closed: no more interviews can be sent to it.` : `${w.label} is open again.` });
      onChange();
    } catch (e) {
      setMessage({ ok: false, text: messageFor(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="waves-heading">
      <h2 id="waves-heading">Waves</h2>
      {message ? (
        <div class={`notice ${message.ok ? 'notice--success' : 'notice--error'}`} role={message.ok ? 'status' : 'alert'}><p>{message.text}</p></div>
      ) : null}
      {waves.length === 0 ? <p>No wave has started. Open a published instrument to start one.</p> : (
        <div class="table-wrap">
          <table class="table table--reflow">
            <caption class="visually-hidden">Waves, in the order they started</caption>
            <thead><tr><th scope="col">Wave</th><th scope="col">Instrument</th><th scope="col">Fieldwork from</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
            <tbody>
              {[...waves].sort((a, b) => a.ordinal - b.ordinal).map((w) => (
                <tr key={w.id}>
                  <th scope="row" data-label="Wave">{w.label}</th>
                  <td data-label="Instrument"><a href={instrumentPath(area, w.instrument_id)}>{nameOf(w.instrument_id)}</a></td>
                  <td data-label="Fieldwork from">{formatDate(w.fieldwork_date)}</td>
                  <td data-label="Status">{waveStatusWords[w.status] ?? w.status}</td>
                  <td data-label="Actions">
                    <div class="inline-actions">
                      <a href={reviewPath(area, w.id)}>Named people<span class="visually-hidden"> in {w.label}</span></a>
                      <a href={fieldworkPath(area, w.id)}>Fieldwork<span class="visually-hidden"> of {w.label}</span></a>
                      <a href={reportPath(area, w.id)}>Report<span class="visually-hidden"> on {w.label}</span></a>
                      {w.status === 'open' ? <a href={netcanvasPath(area, w.id)}>Import from Network Canvas<span class="visually-hidden"> into {w.label}</span></a> : null}
                      <button type="button" class="button button--secondary button--small" disabled={busy} onClick={() => void toggle(w)}>
                        {w.status === 'open' ? 'Close' : 'Reopen'}<span class="visually-hidden"> {w.label}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
