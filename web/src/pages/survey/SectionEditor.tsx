// One section of a draft instrument, with plain form controls for its kind and
// buttons to move it up or down or remove it (no dragging: every step is a button).
import { ChoiceField, errorFor, SelectField, TextField, type FieldError } from '../../components/forms';
import { demographicFields, interpreters, sectionField, sectionKinds, type SectionDraft } from './instrumentForm';
import { ScaleDetails } from './ScaleDetails';
import { demographicWords, interpreterWords, kindWords } from './surveyWords';
import type { Scale } from './types';

interface Props {
  index: number;
  count: number;
  section: SectionDraft;
  scales: readonly Scale[];
  errors: readonly FieldError[];
  onChange: (s: SectionDraft) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

export const sectionHeadingId = (uid: number) => `section-${uid}-heading`;
export const moveButtonId = (uid: number, by: -1 | 1) => `section-${uid}-${by < 0 ? 'up' : 'down'}`;

export function SectionEditor({ index, count, section: s, scales, errors, onChange, onMove, onRemove }: Props) {
  const f = (part: string) => sectionField(index, part);
  const err = (part: string) => errorFor(errors, f(part));
  const set = <K extends keyof SectionDraft>(k: K) => (v: SectionDraft[K]) => onChange({ ...s, [k]: v });
  const keyed = s.kind === 'name_generator' || s.kind === 'roster' || s.kind === 'free_text';
  const chosen = scales.find((x) => x.name === s.scale);
  return (
    <section class="panel section-editor" aria-labelledby={sectionHeadingId(s.uid)}>
      <h3 id={sectionHeadingId(s.uid)} tabIndex={-1}>Section {index + 1}: {kindWords[s.kind]}</h3>
      <SelectField name={f('kind')} label="What the section asks" value={s.kind} onChange={(v) => set('kind')(v as SectionDraft['kind'])}
        options={sectionKinds.map((k) => [k, kindWords[k]])} error={err('kind')} />
      {keyed ? (
        <TextField name={f('key')} label="Name the answers are filed under" width="medium" autocomplete="off"
          hint="Lower-case letters, digits and _ only, starting with a letter, such as confide. Each section needs its own."
          value={s.key} onInput={set('key')} error={err('key')} />
      ) : null}
      {s.kind === 'roster' ? (
        <>
          <ChoiceField name={f('of')} kind="radio" label="List the area’s" options={[['groups', 'Groups'], ['places', 'Places']]}
            selected={[s.of]} onChange={(v) => set('of')(v[0] === 'places' ? 'places' : 'groups')} error={err('of')} inline />
          <div class={`form-group${err('ask_frequency') ? ' form-group--error' : ''}`}>
            <div class="choice">
              <input class="choice__input" type="checkbox" id={`f-sections-${index}-ask_frequency`} checked={s.askFrequency}
                onChange={(e) => set('askFrequency')((e.currentTarget as HTMLInputElement).checked)} />
              <label class="choice__label" for={`f-sections-${index}-ask_frequency`}>Also ask how often they go</label>
            </div>
            {err('ask_frequency') ? <p class="error-message">{err('ask_frequency')}</p> : null}
          </div>
        </>
      ) : null}
      {keyed ? (
        <>
          <TextField name={f('prompt_en')} label="Question in English" required={s.kind !== 'roster'} multiline
            hint={s.kind === 'roster' ? 'Leave empty to show the list with its own heading' : undefined}
            value={s.promptEn} onInput={set('promptEn')} error={err('prompt_en')} />
          <TextField name={f('prompt_cy')} label="Question in Welsh" required={false} multiline
            hint="Left empty, the question is shown in English to Welsh speakers too"
            value={s.promptCy} onInput={set('promptCy')} error={err('prompt_cy')} />
        </>
      ) : null}
      {s.kind === 'name_generator' ? (
        <>
          <TextField name={f('max_names')} label="Most names to ask for" hint="A whole number from 1 to 20" width="short"
            inputMode="numeric" autocomplete="off" value={s.maxNames} onInput={set('maxNames')} error={err('max_names')} />
          <ChoiceField name={f('interpreters')} kind="checkbox" label="What to ask about each person named"
            hint="Leave all unticked to ask for names only" options={interpreters.map((i) => [i, interpreterWords[i] ?? i])}
            selected={s.interpreters} onChange={set('interpreters')} error={err('interpreters')} />
        </>
      ) : null}
      {s.kind === 'scale' ? (
        <>
          <SelectField name={f('scale')} label="Scale" value={s.scale} onChange={set('scale')} emptyLabel="Choose a scale"
            hint="Scales are asked as their publishers word them, so they cannot be reworded here"
            options={scales.map((x) => [x.name, x.title])} error={err('scale')} />
          {chosen ? <ScaleDetails scale={chosen} /> : null}
        </>
      ) : null}
      {s.kind === 'demographics' ? (
        <ChoiceField name={f('fields')} kind="checkbox" label="What to ask about the respondent"
          options={demographicFields.map((d) => [d, demographicWords[d] ?? d])} selected={s.fields} onChange={set('fields')} error={err('fields')} />
      ) : null}
      <div class="inline-actions">
        {index > 0 ? (
          <button type="button" class="button button--secondary button--small" id={moveButtonId(s.uid, -1)} onClick={() => onMove(-1)}>
            Move up<span class="visually-hidden"> section {index + 1}</span>
          </button>
        ) : null}
        {index < count - 1 ? (
          <button type="button" class="button button--secondary button--small" id={moveButtonId(s.uid, 1)} onClick={() => onMove(1)}>
            Move down<span class="visually-hidden"> section {index + 1}</span>
          </button>
        ) : null}
        <button type="button" class="button button--warning button--small" onClick={onRemove}>
          Remove<span class="visually-hidden"> section {index + 1}</span>
        </button>
      </div>
    </section>
  );
}
