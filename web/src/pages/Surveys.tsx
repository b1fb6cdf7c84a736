// Surveys: the area's survey waves and, for each open one, "Start an
// interview" and the interviews held on this device. Opening the page with a
// connection downloads each open wave's bundle (its instrument, groups and
// places) and the scales into IndexedDB, so interviews then run with no
// connection at all. At a follow-up wave the bundle also holds the list of
// people interviewed at the wave before and the names they gave (carry
// forward), for "Interview someone from …" (pages/FollowUp.tsx).
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api/client';
import type { PageProps } from '../App';
import { Button } from '../components/forms';
import { usePageTitle } from '../page';
import { navigate } from '../router';
import { deviceStore, interviewStore } from '../survey/idb';
import { type Bundle, type CarryForward, type Lang, type LocalInterview, type PreviousRespondent, type Scale, type Wave, newKey, standingOf } from '../survey/model';
import { LanguageSwitch, OfflineNote, online, outboxRuns, sendWaiting, surveyLang } from '../survey/ui';
import { say } from '../survey/words';

const surveyPath = (area: string) => `/api/v1/areas/${encodeURIComponent(area)}/survey`;

interface WaveOnDevice {
  wave: Wave;
  ready: boolean;
  /** The wave before, when this is a follow-up whose carry-forward list is on the device. */
  before: string | null;
}

/** An open wave's bundle with, at a follow-up, the people from the wave before and their names. */
async function downloadBundle(area: string, wave: Wave): Promise<Bundle> {
  const base = `${surveyPath(area)}/waves/${encodeURIComponent(wave.id)}`;
  const bundle = await request<Bundle>('GET', base);
  const carry = await request<CarryForward>('GET', `${base}/carry-forward`);
  return carry.previous_wave ? { ...bundle, carry } : bundle;
}

/** A closed wave keeps no list of people from the wave before: no interview can use it now. */
async function forgetCarry(wave: Wave): Promise<void> {
  const kept = await deviceStore.bundle(wave.id);
  if (kept?.carry) {
    const { carry: _dropped, ...rest } = kept;
    await deviceStore.putBundle(rest);
  }
}

/** The area's waves from the server (kept on the device), or as last kept when offline. */
async function loadWaves(area: string): Promise<{ waves: WaveOnDevice[]; fromDevice: boolean }> {
  let waves: Wave[];
  let fromDevice = false;
  try {
    waves = (await request<{ items: Wave[] }>('GET', `${surveyPath(area)}/waves`)).items;
    await deviceStore.putWaves(area, waves);
    const scales = await request<{ items: Scale[] }>('GET', '/api/v1/survey/scales');
    await deviceStore.putScales(scales.items);
    for (const w of waves) {
      if (w.status === 'open') await deviceStore.putBundle(await downloadBundle(area, w));
      else await forgetCarry(w);
    }
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    waves = (await deviceStore.waves(area)) ?? [];
    fromDevice = true;
  }
  const out: WaveOnDevice[] = [];
  for (const wave of waves) {
    const bundle = await deviceStore.bundle(wave.id);
    out.push({ wave, ready: bundle !== undefined, before: bundle?.carry?.previous_wave?.label ?? null });
  }
  return { waves: out, fromDevice };
}

const localeOf = (lang: Lang) => (lang === 'cy' ? 'cy-GB' : 'en-GB');

/** A YYYY-MM-DD day in the interface's language: "2 December 2026", "2 Rhagfyr 2026". */
function dayIn(lang: Lang, day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(localeOf(lang), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function interviewUrl(iv: Pick<LocalInterview, 'area' | 'wave' | 'id'>, step: string): string {
  return `/areas/${encodeURIComponent(iv.area)}/surveys/${encodeURIComponent(iv.wave)}/interviews/${encodeURIComponent(iv.id)}/${step}`;
}

/** Starts an interview on the device; `previous` is a respondent from the wave before, already in the register. */
export async function startInterview(area: string, wave: string, previous?: PreviousRespondent): Promise<void> {
  const iv: LocalInterview = {
    id: newKey(),
    area,
    wave,
    startedAt: new Date().toISOString(),
    revision: 0,
    body: { status: 'in_progress', language: surveyLang.value, respondent: previous ? { person_id: previous.person_id } : null, consent: null, answers: {} },
    outbox: [],
    conflict: null,
    problem: null,
    step: 'consent',
    ...(previous ? { who: previous.display_name } : {}),
  };
  await interviewStore.put(iv);
  navigate(interviewUrl(iv, 'consent'));
}

export function SurveysPage({ params }: PageProps) {
  const area = params.area as string;
  const lang = surveyLang.value;
  usePageTitle(say(lang, 'surveys'), area);
  const [state, setState] = useState<{ waves: WaveOnDevice[]; fromDevice: boolean } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [interviews, setInterviews] = useState<LocalInterview[]>([]);
  useEffect(() => {
    loadWaves(area).then(setState, (e: unknown) => setFailed(e instanceof Error ? e.message : String(e)));
  }, [area, online.value]);
  useEffect(() => {
    void interviewStore.all().then((all) => setInterviews(all.filter((iv) => iv.area === area)));
  }, [area, outboxRuns.value]);

  return (
    <div lang={lang}>
      <LanguageSwitch />
      <h1>{say(lang, 'surveys')}</h1>
      <OfflineNote />
      <p>{say(lang, 'surveysIntro')}</p>
      {online.value ? <p><a href={`/areas/${area}/surveys/instruments`}>{say(lang, 'designInstruments')}</a></p> : null}
      {failed ? <div class="notice notice--error" role="alert"><p>{failed}</p></div> : null}
      {state === null && !failed ? <p class="loading" role="status">{say(lang, 'loading')}</p> : null}
      {state?.fromDevice ? <p>{say(lang, 'wavesOffline')}</p> : null}
      {state && state.waves.length === 0 ? <p>{say(lang, 'noWaves')}</p> : null}
      {state?.waves.map(({ wave, ready, before }) => (
        <WaveSection key={wave.id} area={area} wave={wave} ready={ready} before={before} interviews={interviews.filter((iv) => iv.wave === wave.id)} />
      ))}
      {interviews.some((iv) => iv.outbox.length > 0) && online.value ? (
        <Button secondary type="button" onClick={() => void sendWaiting()}>{say(lang, 'sendNow')}</Button>
      ) : null}
    </div>
  );
}

function WaveSection({ area, wave, ready, before, interviews }: { area: string; wave: Wave; ready: boolean; before: string | null; interviews: LocalInterview[] }) {
  const lang = surveyLang.value;
  const open = wave.status === 'open';
  return (
    <section class="panel" aria-labelledby={`wave-${wave.id}`}>
      <h2 id={`wave-${wave.id}`}>{wave.label}</h2>
      <p>
        {say(lang, open ? 'waveOpen' : 'waveClosed')}. {say(lang, 'fieldwork', { date: dayIn(lang, wave.fieldwork_date) })}
      </p>
      {open ? (
        ready ? (
          <>
            <p>{say(lang, 'readyOffline')}</p>
            {before ? (
              <>
                <p><a class="button" href={`/areas/${encodeURIComponent(area)}/surveys/${encodeURIComponent(wave.id)}/follow-up`}>{say(lang, 'interviewSomeone', { wave: before })}</a></p>
                <p class="hint">{say(lang, 'interviewSomeoneHint', { wave: before })}</p>
              </>
            ) : null}
            <p><Button type="button" secondary={before !== null} onClick={() => void startInterview(area, wave.id)}>{say(lang, 'startInterview')}</Button></p>
          </>
        ) : (
          <p>{say(lang, 'notDownloaded')}</p>
        )
      ) : null}
      {online.value ? <p><a href={`/areas/${area}/surveys/waves/${wave.id}/review`}>{say(lang, 'reviewNames', { wave: wave.label })}</a></p> : null}
      <h3>{say(lang, 'interviewsHere')}</h3>
      {interviews.length === 0 ? <p>{say(lang, 'noInterviewsHere')}</p> : (
        <ul class="list">
          {[...interviews].sort((a, b) => b.startedAt.localeCompare(a.startedAt)).map((iv) => (
            <InterviewLine key={iv.id} iv={iv} />
          ))}
        </ul>
      )}
    </section>
  );
}

function InterviewLine({ iv }: { iv: LocalInterview }) {
  const lang = surveyLang.value;
  const standing = standingOf(iv);
  const who = iv.body.respondent?.display_name ?? iv.who ?? '';
  const time = new Date(iv.startedAt).toLocaleString(localeOf(lang), { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
  const label = `${who ? `${who}, ` : ''}${say(lang, 'startedAt', { time })}`;
  return (
    <li class="interview-line">
      <span>{label}</span> – <strong>{say(lang, `standing_${standing}`)}</strong>
      {standing === 'in_progress' ? (
        <> <a href={interviewUrl(iv, iv.step)}>{say(lang, 'continueInterview')}<span class="visually-hidden"> ({label})</span></a></>
      ) : null}
      {standing === 'conflict' || standing === 'problem' ? (
        <> <a href={interviewUrl(iv, 'conflict')}>{say(lang, 'resolve')}<span class="visually-hidden"> ({label})</span></a></>
      ) : null}
    </li>
  );
}
