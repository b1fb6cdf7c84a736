import { useEffect, useState } from 'preact/hooks';
import { api } from '../api/routes';
import type { ConsentScope, OwnRecord } from '../api/types';
import type { PageProps } from '../App';
import { Button, ChoiceField, ErrorSummary, optionsOf, toFieldError, type FieldError } from '../components/forms';
import { formatDate, joinTags, word, words } from '../format';
import { Loaded, useLoad, usePageTitle } from '../page';

export function Me({ params }: PageProps) {
  const area = params.area as string;
  usePageTitle('My record', area);
  const [load, reload] = useLoad(() => api.me(area), [area]);
  return (
    <>
      <h1>My record</h1>
      <Loaded load={load} what="your record">
        {(r) => <MeBody area={area} record={r} reload={reload} />}
      </Loaded>
    </>
  );
}

function MeBody({ area, record, reload }: { area: string; record: OwnRecord; reload: () => void }) {
  const p = record.person;
  const rows: [string, string][] = [
    ['Name', p.display_name],
    ['Decade of birth', word('birth_band', p.birth_band) || 'Not recorded'],
    ['Postcode district', p.postcode_district ?? 'Not recorded'],
    ['Household', p.household ?? 'Not recorded'],
    ['Interests', joinTags(p.interests) || 'None recorded'],
    ['Languages', joinTags(p.languages) || 'None recorded'],
    ['Access needs', joinTags(p.accessibility_needs) || 'None recorded'],
  ];
  return (
    <>
      <p class="lead">What the community register holds about you. To correct any of it, ask the worker who recorded it.</p>
      <h2>Your details</h2>
      <dl class="summary-list">
        {rows.map(([k, v]) => (
          <div class="summary-list__row" key={k}><dt class="summary-list__key">{k}</dt><dd class="summary-list__value">{v}</dd></div>
        ))}
      </dl>
      <h2>People you are in touch with</h2>
      {record.ties.length === 0 ? <p>No one is recorded.</p> : (
        <ul class="list">
          {record.ties.map((t) => (
            <li key={t.id}>
              {t.other_person.display_name}: {word('tie_kind', t.kind).toLowerCase()}, in contact {word('frequency', t.frequency).toLowerCase()}, closeness {t.closeness} of 5
              {t.valid_from ? `, since ${formatDate(t.valid_from)}` : ''}
            </li>
          ))}
        </ul>
      )}
      <h2>Groups and places</h2>
      {record.affiliations.length === 0 ? <p>None recorded.</p> : (
        <ul class="list">
          {record.affiliations.map((a) => (
            <li key={a.id}>
              {(a.group ?? a.place)?.name}: {word('affiliation_role', a.role).toLowerCase()}
              {a.frequency ? `, ${word('frequency', a.frequency).toLowerCase()}` : ''}
            </li>
          ))}
        </ul>
      )}
      <Consent area={area} record={record} onDone={reload} />
    </>
  );
}

function Consent({ area, record, onDone }: { area: string; record: OwnRecord; onDone: () => void }) {
  const c = record.consent;
  const [scope, setScope] = useState<string[]>(c.scope);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => setScope(c.scope), [c.status, c.date, c.scope.join(',')]);

  async function change(body: { status: 'given'; scope: string[] } | { status: 'withdrawn' }) {
    setDone(null);
    try {
      await api.changeConsent(area, { ...body, revision: record.person.revision });
      setDone(body.status === 'given' ? 'Your consent has been saved.' : 'Your consent has been withdrawn. You are left out of analyses and exports from now on.');
      setErrors([]);
      onDone();
    } catch (error) {
      setErrors([toFieldError(error, ['scope'])]);
    }
  }

  return (
    <section aria-labelledby="consent-title">
      <h2 id="consent-title">Your consent</h2>
      {done ? <p class="notice notice--success" role="status">{done}</p> : null}
      <p>
        {c.status === 'given' ? 'You have given consent' : c.status === 'withdrawn' ? 'You have withdrawn your consent' : c.status === 'refused' ? 'You refused consent' : 'You have not been asked for consent yet'}
        {c.date ? ` (${formatDate(c.date)})` : ''}.
        {c.status === 'given' && c.scope.length ? ` It covers: ${c.scope.map((s) => word('consent_scope', s).toLowerCase()).join(', ')}.` : ''}
      </p>
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={(e) => {
        e.preventDefault();
        if (scope.length === 0) { setErrors([{ field: 'scope', message: 'Choose at least one thing your consent covers' }]); return; }
        void change({ status: 'given', scope: scope as ConsentScope[] });
      }}>
        <ChoiceField name="scope" kind="checkbox" label="What may your record be used for?" hint="Choose all that you agree to. Without research, you are left out of every analysis and export." options={optionsOf(words.consent_scope)} selected={scope} onChange={setScope} />
        <div class="button-group">
          <Button>Give consent</Button>
          {c.status === 'given' ? <Button type="button" warning onClick={() => void change({ status: 'withdrawn' })}>Withdraw consent</Button> : null}
        </div>
      </form>
    </section>
  );
}
