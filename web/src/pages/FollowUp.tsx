// Interview someone from the wave before: at a follow-up wave, the people
// interviewed then (from the carry-forward list kept in the wave's bundle on
// the device), with a search box that narrows the list by name or household.
// Each person is a button that starts their interview; it works offline.
import { useEffect, useState } from 'preact/hooks';
import type { PageProps } from '../App';
import { Button, TextField } from '../components/forms';
import { usePageTitle } from '../page';
import { matching } from '../survey/carry';
import { deviceStore } from '../survey/idb';
import type { Bundle } from '../survey/model';
import { LanguageSwitch, OfflineNote, surveyLang } from '../survey/ui';
import { say } from '../survey/words';
import { startInterview } from './Surveys';

export function FollowUpPage({ params }: PageProps) {
  const area = params.area as string;
  const wave = params.wave as string;
  const lang = surveyLang.value;
  usePageTitle(say(lang, 'chooseTitle'), area);
  const [bundle, setBundle] = useState<Bundle | undefined | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    void deviceStore.bundle(wave).then((b) => setBundle(b && b.area_id === area ? b : undefined));
  }, [area, wave]);

  const surveys = `/areas/${encodeURIComponent(area)}/surveys`;
  const carry = bundle?.carry;
  const before = carry?.previous_wave?.label ?? '';
  const all = carry?.respondents ?? [];
  const shown = matching(all, query);
  return (
    <div lang={lang}>
      <LanguageSwitch />
      <p><a class="back-link" href={surveys}>{say(lang, 'back')}</a></p>
      <h1>{say(lang, 'chooseTitle')}</h1>
      <OfflineNote />
      {bundle === null ? <p class="loading" role="status">{say(lang, 'loading')}</p> : null}
      {bundle !== null && !carry ? <p>{say(lang, 'chooseNotHere')}</p> : null}
      {carry && all.length === 0 ? <p>{say(lang, 'chooseEmpty', { wave: before })}</p> : null}
      {carry && all.length > 0 ? (
        <>
          <p>{say(lang, 'chooseIntro', { wave: before })}</p>
          <form role="search" noValidate onSubmit={(e) => e.preventDefault()}>
            <TextField name="search" type="search" label={say(lang, 'chooseSearch')} value={query} onInput={setQuery} autocomplete="off" />
          </form>
          <p role="status">{say(lang, 'chooseCount', { n: shown.length, of: all.length })}</p>
          {shown.length === 0 ? <p>{say(lang, 'chooseNone', { wave: before })}</p> : (
            <ul class="list">
              {shown.map((r) => (
                <li key={r.person_id}>
                  <Button type="button" secondary onClick={() => void startInterview(area, wave, r)}>
                    {r.household ? `${r.display_name}, ${r.household}` : r.display_name}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </div>
  );
}
