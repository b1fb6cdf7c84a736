// GOV.UK-style form parts: a visible label, an optional hint, the error message
// next to the field, and an error summary at the top that takes focus and links
// to each field it names.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { ApiError, messageFor } from '../api/errors';

export interface FieldError {
  field: string | null;
  message: string;
}

export const fieldId = (name: string) => `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;

/** An error from a call, as the field it names (when the form has one) and its message. */
export function toFieldError(error: unknown, fields: readonly string[]): FieldError {
  if (error instanceof ApiError && error.field !== null && fields.includes(error.field)) {
    return { field: error.field, message: error.message };
  }
  return { field: null, message: messageFor(error) };
}

export function errorFor(errors: readonly FieldError[], name: string): string | undefined {
  return errors.find((e) => e.field === name)?.message;
}

export function ErrorSummary({ errors, id = 'error-summary', title = 'There is a problem' }: { errors: readonly FieldError[]; id?: string; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} class="error-summary__title">{title}</h2>
      <ul class="error-summary__list">
        {errors.map((e, i) => (
          <li key={i}>
            {e.field ? (
              <a
                href={`#${fieldId(e.field)}`}
                onClick={(ev) => {
                  ev.preventDefault();
                  const el = document.getElementById(fieldId(e.field as string));
                  el?.focus();
                  el?.scrollIntoView({ block: 'center' });
                }}
              >
                {e.message}
              </a>
            ) : (
              e.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
}

function Hint({ name, hint }: { name: string; hint?: string }) {
  return hint ? <div id={`${fieldId(name)}-hint`} class="hint">{hint}</div> : null;
}

function ErrorMessage({ name, error }: { name: string; error?: string | undefined }) {
  return error ? (
    <p id={`${fieldId(name)}-error`} class="error-message">
      <span class="visually-hidden">Error: </span>
      {error}
    </p>
  ) : null;
}

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : '', error ? `${fieldId(name)}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

export function TextField(
  props: FieldProps & {
    value: string;
    onInput: (v: string) => void;
    type?: string;
    autocomplete?: string;
    width?: 'short' | 'medium' | 'full';
    inputMode?: 'numeric' | 'decimal' | 'text';
    multiline?: boolean;
    required?: boolean;
  },
) {
  const { name, label, hint, error } = props;
  const common = {
    id: fieldId(name),
    name,
    class: `input input--${props.width ?? 'full'}${error ? ' input--error' : ''}`,
    'aria-describedby': describedBy(name, hint, error),
    'aria-invalid': error ? true : undefined,
    value: props.value,
    onInput: (e: Event) => props.onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={fieldId(name)}>
        {label}
        {props.required === false ? ' (optional)' : ''}
      </label>
      <Hint name={name} hint={hint} />
      <ErrorMessage name={name} error={error} />
      {props.multiline ? (
        <textarea {...common} rows={4} />
      ) : (
        <input {...common} type={props.type ?? 'text'} autoComplete={props.autocomplete} inputMode={props.inputMode} spellcheck={false} />
      )}
    </div>
  );
}

export function SelectField(
  props: FieldProps & { value: string; onChange: (v: string) => void; options: [string, string][]; emptyLabel?: string },
) {
  const { name, label, hint, error } = props;
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <label class="label" for={fieldId(name)}>{label}</label>
      <Hint name={name} hint={hint} />
      <ErrorMessage name={name} error={error} />
      <select
        id={fieldId(name)}
        name={name}
        class={`select${error ? ' input--error' : ''}`}
        aria-describedby={describedBy(name, hint, error)}
        aria-invalid={error ? true : undefined}
        value={props.value}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}
      >
        {props.emptyLabel !== undefined ? <option value="">{props.emptyLabel}</option> : null}
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>{text}</option>
        ))}
      </select>
    </div>
  );
}

/** Radios or checkboxes in a fieldset; the first input carries the field's id, for the error summary's link. */
export function ChoiceField(
  props: FieldProps & {
    kind: 'radio' | 'checkbox';
    options: [string, string][];
    selected: readonly string[];
    onChange: (selected: string[]) => void;
    inline?: boolean;
  },
) {
  const { name, label, hint, error } = props;
  return (
    <div class={`form-group${error ? ' form-group--error' : ''}`}>
      <fieldset class="fieldset" aria-describedby={describedBy(name, hint, error)}>
        <legend class="fieldset__legend">{label}</legend>
        <Hint name={name} hint={hint} />
        <ErrorMessage name={name} error={error} />
        <div class={`choices${props.inline ? ' choices--inline' : ''}`}>
          {props.options.map(([v, text], i) => {
            const id = i === 0 ? fieldId(name) : `${fieldId(name)}-${i}`;
            const checked = props.selected.includes(v);
            return (
              <div class="choice" key={v}>
                <input
                  class="choice__input"
                  type={props.kind}
                  id={id}
                  name={name}
                  value={v}
                  checked={checked}
                  onChange={(e) => {
                    const on = (e.currentTarget as HTMLInputElement).checked;
                    if (props.kind === 'radio') props.onChange([v]);
                    else props.onChange(on ? [...props.selected, v] : props.selected.filter((s) => s !== v));
                  }}
                />
                <label class="choice__label" for={id}>{text}</label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Button(props: { children: ComponentChildren; type?: 'submit' | 'button'; secondary?: boolean; warning?: boolean; disabled?: boolean; onClick?: () => void }) {
  const cls = `button${props.secondary ? ' button--secondary' : ''}${props.warning ? ' button--warning' : ''}`;
  return (
    <button class={cls} type={props.type ?? 'submit'} disabled={props.disabled} onClick={props.onClick}>
      {props.children}
    </button>
  );
}

/** Options of an enumeration from `words` (format.ts), in their defined order. */
export function optionsOf(table: Record<string, string> | undefined): [string, string][] {
  return Object.entries(table ?? {});
}
