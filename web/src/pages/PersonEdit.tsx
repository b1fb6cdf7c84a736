import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/routes';
import type { Person } from '../api/types';
import type { PageProps } from '../App';
import { Button, ChoiceField, ErrorSummary, errorFor, optionsOf, SelectField, TextField, toFieldError, type FieldError } from '../components/forms';
import { joinTags, splitTags, words } from '../format';
import { Failed, Loading, usePageTitle } from '../page';
import { navigate } from '../router';

/** The form's fields as typed, all text until sent. */
export interface PersonDraft {
  display_name: string;
  is_pseudonym: boolean;
  birth_band: string;
  postcode_district: string;
  household: string;
  interests: string;
  languages: string;
  accessibility_needs: string;
  notes: string;
  consent_status: string;
  consent_date: string;
  consent_scope: string[];
}

export const personFields = [
  'display_name', 'is_pseudonym', 'birth_band', 'postcode_district', 'household', 'interests', 'languages',
  'accessibility_needs', 'notes', 'consent_status', 'consent_date', 'consent_scope',
] as const;

export function draftOf(p: Person | null): PersonDraft {
  return {
    display_name: p?.display_name ?? '',
    is_pseudonym: p?.is_pseudonym ?? false,
    birth_band: p?.birth_band ?? '',
    postcode_district: p?.postcode_district ?? '',
    household: p?.household ?? '',
    interests: joinTags(p?.interests ?? []),
    languages: joinTags(p?.languages ?? []),
    accessibility_needs: joinTags(p?.accessibility_needs ?? []),
    notes: p?.notes ?? '',
    consent_status: p?.consent_status ?? 'not_asked',
    consent_date: p?.consent_date ?? '',
    consent_scope: [...(p?.consent_scope ?? [])],
  };
}

/** The body to send: empty text is null (cleared), tags split at commas. */
export function bodyOf(d: PersonDraft): Record<string, unknown> {
  const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    display_name: d.display_name.trim(),
    is_pseudonym: d.is_pseudonym,
    birth_band: orNull(d.birth_band),
    postcode_district: orNull(d.postcode_district),
    household: orNull(d.household),
    interests: splitTags(d.interests),
    languages: splitTags(d.languages),
    accessibility_needs: splitTags(d.accessibility_needs),
    notes: orNull(d.notes),
    consent_status: d.consent_status,
    consent_date: orNull(d.consent_date),
    consent_scope: d.consent_scope,
  };
}

export function PersonEdit({ params }: PageProps) {
  const area = params.area as string;
  const id = params.id ?? null;
  const title = id ? 'Change a person’s details' : 'Add a person';
  usePageTitle(title, area);
  const [person, setPerson] = useState<Person | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<PersonDraft>(draftOf(null));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!id) return;
    api.person(area, id).then((p) => {
      setPerson(p);
      setDraft(draftOf(p));
    }, setLoadError);
  }, [area, id]);

  const set = <K extends keyof PersonDraft>(k: K) => (v: PersonDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  async function submit(e: Event) {
    e.preventDefault();
    if (draft.display_name.trim() === '') {
      setErrors([{ field: 'display_name', message: 'Enter the person’s name, or a pseudonym' }]);
      return;
    }
    setBusy(true);
    try {
      const body = bodyOf(draft);
      const saved = id && person
        ? await api.updatePerson(area, id, { ...body, revision: person.revision } as Partial<Person>)
        : await api.createPerson(area, body as Partial<Person>);
      navigate(`/areas/${encodeURIComponent(area)}/people/${encodeURIComponent(saved.id)}`);
    } catch (error) {
      setErrors([toFieldError(error, [...personFields])]);
    } finally {
      setBusy(false);
    }
  }

  const err = (f: string) => errorFor(errors, f);
  // One h1 element through loading and loaded, so the focus given to it on arrival stays.
  return (
    <div class="narrow">
      <ErrorSummary errors={errors} />
      <h1>{id && person ? `Change ${person.display_name}’s details` : title}</h1>
      {id && loadError ? <Failed error={loadError} /> : id && !person ? <Loading what="the person's record" /> : <form onSubmit={submit} noValidate>
        <TextField name="display_name" label="Name" hint="The name workers use, or a pseudonym" value={draft.display_name} onInput={set('display_name')} error={err('display_name')} autocomplete="off" />
        <div class="form-group">
          <div class="choice">
            <input class="choice__input" type="checkbox" id="f-is_pseudonym" checked={draft.is_pseudonym} onChange={(e) => set('is_pseudonym')((e.currentTarget as HTMLInputElement).checked)} />
            <label class="choice__label" for="f-is_pseudonym">This name is a pseudonym</label>
          </div>
          {err('is_pseudonym') ? <p class="error-message">{err('is_pseudonym')}</p> : null}
        </div>
        <SelectField name="birth_band" label="Decade of birth (optional)" value={draft.birth_band} onChange={set('birth_band')} options={optionsOf(words.birth_band)} emptyLabel="Not known" error={err('birth_band')} />
        <TextField name="postcode_district" label="Postcode district" required={false} hint="The first part of the postcode only, such as LS6 or CF10" value={draft.postcode_district} onInput={set('postcode_district')} error={err('postcode_district')} width="short" autocomplete="off" />
        <TextField name="household" label="Household" required={false} hint="People with the same household label live together" value={draft.household} onInput={set('household')} error={err('household')} autocomplete="off" />
        <TextField name="interests" label="Interests" required={false} hint="Separate them with commas, such as gardening, choir" value={draft.interests} onInput={set('interests')} error={err('interests')} />
        <TextField name="languages" label="Languages" required={false} hint="Separate them with commas, such as en, pa" value={draft.languages} onInput={set('languages')} error={err('languages')} />
        <TextField name="accessibility_needs" label="Access needs" required={false} hint="Anything to plan around, separated by commas, such as step-free, hearing loop" value={draft.accessibility_needs} onInput={set('accessibility_needs')} error={err('accessibility_needs')} />
        <TextField name="notes" label="Notes" required={false} multiline value={draft.notes} onInput={set('notes')} error={err('notes')} />
        <ChoiceField name="consent_status" kind="radio" label="Consent to hold their data" options={optionsOf(words.consent_status)} selected={[draft.consent_status]} onChange={(v) => set('consent_status')(v[0] ?? 'not_asked')} error={err('consent_status')} />
        <TextField name="consent_date" label="Day consent was given, refused or withdrawn" required={false} hint="For example, 2024-03-06" value={draft.consent_date} onInput={set('consent_date')} error={err('consent_date')} width="short" autocomplete="off" />
        <ChoiceField name="consent_scope" kind="checkbox" label="What consent covers" hint="Leave all unticked if no scope was recorded. Without research, the person is left out of every analysis and export." options={optionsOf(words.consent_scope)} selected={draft.consent_scope} onChange={set('consent_scope')} error={err('consent_scope')} />
        <div class="button-group">
          <Button disabled={busy}>{id ? 'Save changes' : 'Add person'}</Button>
          <a class="link" href={id ? `/areas/${encodeURIComponent(area)}/people/${encodeURIComponent(id)}` : `/areas/${encodeURIComponent(area)}/people`}>Cancel</a>
        </div>
      </form>}
    </div>
  );
}
