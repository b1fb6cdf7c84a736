// What the survey pages share: the interface language (kept on the device),
// whether the browser is online, the language switch, and the outbox run.
import { effect, signal } from '@preact/signals';
import { session } from '../session';
import { interviewStore, visitStore } from './idb';
import type { Lang } from './model';
import { sendAll } from './outbox';
import { sendToServer, sendVisitToServer } from './send';
import { sendVisits } from './visits';
import { say } from './words';

const langKey = 'kith.survey-language';

function keptLang(): Lang {
  try {
    return window.localStorage.getItem(langKey) === 'cy' ? 'cy' : 'en';
  } catch {
    return 'en';
  }
}

export const surveyLang = signal<Lang>(typeof window === 'undefined' ? 'en' : keptLang());

export function setSurveyLang(lang: Lang): void {
  surveyLang.value = lang;
  try {
    window.localStorage.setItem(langKey, lang);
  } catch {
    // Not kept: the next page load starts in English.
  }
}

export const online = signal(typeof navigator === 'undefined' ? true : navigator.onLine);
/** Bumped after every outbox run, so lists of interviews and visits read the store again. */
export const outboxRuns = signal(0);

export async function sendWaiting(): Promise<void> {
  if (!navigator.onLine) return;
  try {
    await sendAll(interviewStore, sendToServer);
    await sendVisits(visitStore, sendVisitToServer);
  } finally {
    outboxRuns.value += 1;
  }
}

/** Sends waiting interviews on load and whenever the connection comes back. */
export function startOutbox(): void {
  const update = () => {
    online.value = navigator.onLine;
    if (navigator.onLine) void sendWaiting();
  };
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  // On load the session is known only once the server (or the kept copy) has
  // answered; sending waits for it.
  effect(() => {
    if (session.value !== null) void sendWaiting();
  });
}

export function LanguageSwitch() {
  const lang = surveyLang.value;
  return (
    <nav class="language-switch" aria-label={say(lang, 'language')}>
      <ul class="language-switch__list">
        <li>
          <button type="button" class="language-switch__button" lang="en" aria-pressed={lang === 'en'} onClick={() => setSurveyLang('en')}>English</button>
        </li>
        <li>
          <button type="button" class="language-switch__button" lang="cy" aria-pressed={lang === 'cy'} onClick={() => setSurveyLang('cy')}>Cymraeg</button>
        </li>
      </ul>
    </nav>
  );
}

export function OfflineNote() {
  if (online.value) return null;
  return (
    <div class="notice notice--offline" role="status">
      <p>{say(surveyLang.value, 'offlineNote')}</p>
    </div>
  );
}
