// The review queue of one wave (issue 11, alter resolution): every person a
// respondent named, in three parts — not yet decided, waiting for a second
// researcher, decided — each linking to the page where it is decided.
import '../../styles/survey-design.css';
import type { PageProps } from '../../App';
import { countOf } from '../../format';
import { Loaded, useLoad, usePageTitle } from '../../page';
import { instrumentsPath } from './InstrumentPage';
import { mentionStatuses, reasonSentence, resolutionWords, saidWords, statusHeading } from './mentionWords';
import { reviewPath } from './StartWave';
import { surveyApi } from './surveyApi';
import type { Mention, MentionStatus, Wave } from './types';

export const mentionPath = (area: string, wave: string, mention: string) => `${reviewPath(area, wave)}/${encodeURIComponent(mention)}`;

const statusAbout: Record<MentionStatus, string> = {
  open: 'Choose who each of these is: a person in the register, a new person, or nobody yet.',
  proposed: 'A researcher has proposed who each of these is. Another researcher confirms it or sends it back.',
  confirmed: 'Decided by two researchers. A person confirmed is now a tie from the respondent, with evidence “survey”.',
};

/** The wave and its named people, fetched by status as the queue shows them. */
async function loadQueue(area: string, wave: string): Promise<{ wave: Wave | null; parts: Record<MentionStatus, Mention[]> }> {
  const [waves, ...lists] = await Promise.all([
    surveyApi.waves(area),
    ...mentionStatuses.map((s) => surveyApi.mentions(area, wave, s)),
  ]);
  const parts = { open: [], proposed: [], confirmed: [] } as Record<MentionStatus, Mention[]>;
  mentionStatuses.forEach((s, i) => { parts[s] = lists[i]?.items ?? []; });
  return { wave: waves.items.find((w) => w.id === wave) ?? null, parts };
}

export function ReviewQueue({ params }: PageProps) {
  const area = params.area as string;
  const wave = params.wave as string;
  usePageTitle('Named people', area);
  const [load] = useLoad(() => loadQueue(area, wave), [area, wave]);
  const label = load.state === 'done' && load.value.wave ? load.value.wave.label : null;
  return (
    <div class="survey-design">
      <h1>Named people{label ? `: ${label}` : ''}</h1>
      <p class="lead narrow">
        The people respondents named in this wave, in their own words. kith suggests who each may be; a researcher
        decides, and a second researcher confirms. kith never links a name on its own.
      </p>
      <Loaded load={load} what="the named people">
        {({ parts }) => (
          <>
            {mentionStatuses.map((s) => (
              <section key={s} aria-labelledby={`queue-${s}`}>
                <h2 id={`queue-${s}`}>{statusHeading[s]} ({parts[s].length})</h2>
                <p>{statusAbout[s]}</p>
                {parts[s].length === 0 ? <p>{s === 'open' ? 'Nobody is waiting to be decided.' : 'None.'}</p> : (
                  <ul class="download-list">
                    {parts[s].map((m) => (
                      <li key={m.id} class="download-list__item">
                        <a class="download-list__link" href={mentionPath(area, wave, m.id)}>{reasonSentence(saidWords(m))}</a>
                        <p class="download-list__about">
                          Named by {m.respondent_name || 'a respondent'}.{m.status !== 'open' ? ` ${resolutionWords(m)}.` : ''}
                          {m.proposed_by ? ` Proposed by ${m.proposed_by}.` : ''}
                          {m.confirmed_by ? ` Confirmed by ${m.confirmed_by}.` : ''}
                        </p>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            ))}
            <p class="hint">{countOf(parts.open.length + parts.proposed.length + parts.confirmed.length, 'name', 'names')} in all.</p>
          </>
        )}
      </Loaded>
      <p><a class="link" href={instrumentsPath(area)}>Back to the survey instruments and waves</a></p>
    </div>
  );
}
