// Starting a wave (baseline, follow-up 1, …) with a published instrument: the
// server numbers the waves in order and dates every tie the wave's answers make
// from its fieldwork date.
import { useState } from 'preact/hooks';
import { Button, errorFor, TextField, toFieldError, type FieldError } from '../../components/forms';
import { formatDate } from '../../format';
import { surveyApi } from './surveyApi';
import type { Instrument, Wave } from './types';

export const reviewPath = (area: string, wave: string) => `/areas/${encodeURIComponent(area)}/surveys/waves/${encodeURIComponent(wave)}/review`;

interface Props {
  area: string;
  instrument: Instrument;
  errors: readonly FieldError[];
  setErrors: (e: FieldError[]) => void;
}

export function StartWave({ area, instrument, errors, setErrors }: Props) {
  const [label, setLabel] = useState('');
  const [date, setDate] = useState('');
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<Wave | null>(null);
  const err = (f: string) => errorFor(errors, `wave_${f}`);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setStarted(null);
    try {
      const wave = await surveyApi.createWave(area, { label, instrument_id: instrument.id, fieldwork_date: date.trim() });
      setErrors([]);
      setStarted(wave);
      setLabel('');
      setDate('');
    } catch (error) {
      const fe = toFieldError(error, ['label', 'fieldwork_date']);
      setErrors([fe.field ? { ...fe, field: `wave_${fe.field}` } : fe]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="panel" aria-labelledby="start-wave-heading">
      <h2 id="start-wave-heading">Start a wave with this version</h2>
      <p>A wave is one round of interviews: the baseline, then each follow-up. Waves are numbered in the order they start.</p>
      {started ? (
        <div class="notice notice--success" role="status">
          <p>
            Wave “{started.label}” has started (wave {started.ordinal + 1}, fieldwork from {formatDate(started.fieldwork_date)}).{' '}
            <a href={reviewPath(area, started.id)}>Named people in {started.label}</a>
          </p>
        </div>
      ) : null}
      <form noValidate onSubmit={submit}>
        <TextField name="wave_label" label="Name of the wave" hint="For example, Baseline or Follow-up 1" autocomplete="off"
          value={label} onInput={setLabel} error={err('label')} />
        <TextField name="wave_fieldwork_date" label="Day fieldwork starts" width="short" autocomplete="off"
          hint="For example, 2026-11-01. Ties the wave finds are dated from this day."
          value={date} onInput={setDate} error={err('fieldwork_date')} />
        <Button disabled={busy}>Start the wave</Button>
      </form>
    </section>
  );
}
