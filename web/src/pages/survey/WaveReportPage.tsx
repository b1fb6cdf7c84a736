// The report of one wave (docs/surveys.md, "The wave report"): who answered,
// who was reached, wellbeing by contacts and isolation, what changed since the
// wave before. Every figure comes from GET …/survey/waves/{id}/report; a
// commissioner's answer has no names and withholds small counts, and the page
// shows those as words, never as numbers.
import '../../styles/survey-design.css';
import { allows } from '../../access';
import type { PageProps } from '../../App';
import { formatDate } from '../../format';
import { Loaded, useLoad, usePageTitle } from '../../page';
import { grants } from '../../session';
import { instrumentsPath } from './InstrumentPage';
import { IntervalChart, type IntervalPoint } from './IntervalChart';
import {
  bandWords, changeWords, correlationSentence, countWords, groupWords, lonelinessCorrelation, meanWords, missingWords, percentWords, pWords,
  wellbeingCorrelation,
} from './reportWords';
import { reportCsvUrl, surveyApi } from './surveyApi';
import type { PairedChange, PersonRef, ReportCount, WaveChange, WaveReport, WellbeingRow } from './types';

export const reportPath = (area: string, wave: string) => `/areas/${encodeURIComponent(area)}/surveys/waves/${encodeURIComponent(wave)}/report`;

// The SWEMWBS metric score's range (docs/measures.md).
const swemwbsMin = 7;
const swemwbsMax = 35;

export function WaveReportPage({ params }: PageProps) {
  const area = params.area as string;
  const wave = params.wave as string;
  usePageTitle('Survey report', area);
  const [load] = useLoad(() => surveyApi.report(area, wave), [area, wave]);
  const label = load.state === 'done' ? load.value.wave.label : null;
  return (
    <div class="survey-design">
      <h1>Survey report{label ? `: ${label}` : ''}</h1>
      <Loaded load={load} what="the survey report">
        {(r) => <ReportBody area={area} report={r} />}
      </Loaded>
      {allows(grants.value, area, 'survey') ? (
        <>
          <p><a class="link" href={`/areas/${encodeURIComponent(area)}/surveys/waves/${encodeURIComponent(wave)}/fieldwork`}>Fieldwork of this wave: streets and coverage</a></p>
          <p><a class="link" href={instrumentsPath(area)}>Back to the survey instruments and waves</a></p>
        </>
      ) : (
        <p><a class="link" href={`/areas/${encodeURIComponent(area)}/dashboard`}>Back to the dashboard</a></p>
      )}
    </div>
  );
}

function ReportBody({ area, report: r }: { area: string; report: WaveReport }) {
  const only = r.aggregates_only;
  return (
    <>
      <p class="lead narrow">
        Wave {r.wave.ordinal + 1}, fieldwork from {formatDate(r.wave.fieldwork_date)}. The figures count people whose consent allows research;
        each interval is a 95% interval.
      </p>
      {only ? (
        <div class="notice"><p>Counts from 1 to {r.suppress_below - 1} are withheld so that nobody can be identified. They read “fewer than {r.suppress_below}”, and a figure resting on fewer than {r.suppress_below} people reads “withheld”.</p></div>
      ) : null}
      <p><a href={reportCsvUrl(area, r.wave.id)} download={`wave-${r.wave.ordinal}-report.csv`}>Download as CSV<span class="visually-hidden">: every figure of {r.wave.label}</span></a></p>
      <Response report={r} />
      <Coverage report={r} />
      <Wellbeing report={r} />
      <Correlations report={r} />
      {r.change ? <Change area={area} change={r.change} aggregatesOnly={only} /> : (
        <section aria-labelledby="change-heading">
          <h2 id="change-heading">What changed</h2>
          <p>This is the first wave, so there is nothing to compare it with.</p>
        </section>
      )}
      {r.paired && r.change ? <Paired paired={r.paired} before={r.change.previous_wave.label} aggregatesOnly={only} /> : null}
    </>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div class="stats__item">
      <dt class="stats__label">{label}</dt>
      <dd class="stats__value">{value}</dd>
    </div>
  );
}

function Response({ report: r }: { report: WaveReport }) {
  const x = r.response;
  return (
    <section aria-labelledby="response-heading">
      <h2 id="response-heading">Response</h2>
      <dl class="stats">
        <Stat label="Interviews started" value={countWords(x.started)} />
        <Stat label="Completed" value={countWords(x.completed)} />
        <Stat label="Refused" value={countWords(x.refused)} />
        <Stat label="In progress" value={countWords(x.in_progress)} />
      </dl>
      <p>Response rate (completed, of those completed or refused): <strong>{percentWords(x.response_rate, r.aggregates_only)}</strong>.</p>
    </section>
  );
}

function Coverage({ report: r }: { report: WaveReport }) {
  return (
    <section aria-labelledby="coverage-heading">
      <h2 id="coverage-heading">Who was surveyed</h2>
      <p>On the fieldwork date, the people in the network and how many of them were interviewed in this wave.</p>
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">People and how many were surveyed, by isolation class</caption>
          <thead><tr><th scope="col">Who</th><th scope="col" class="num">People</th><th scope="col" class="num">Surveyed</th></tr></thead>
          <tbody>
            {r.coverage.map((c) => (
              <tr key={c.group}>
                <th scope="row">{groupWords[c.group] ?? c.group}</th>
                <td class="num">{countWords(c.people)}</td>
                <td class="num">{countWords(c.surveyed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl class="stats">
        <Stat label="Named by a respondent but not interviewed" value={countWords(r.named_not_interviewed)} />
        <Stat label="Names not yet matched to anyone" value={countWords(r.unresolved_names)} />
      </dl>
    </section>
  );
}

/** What a band with no mean shows at the axis instead of a dot. */
function pointNote(w: WellbeingRow, aggregatesOnly: boolean): string {
  if (w.respondents.count === 0) return 'none';
  return missingWords(w.swemwbs_mean, aggregatesOnly) === 'withheld' ? 'withheld' : 'too few';
}

function points(rows: WellbeingRow[], aggregatesOnly: boolean): IntervalPoint[] {
  return rows.map((w) => ({
    label: bandWords(w.group),
    value: w.swemwbs_mean.value,
    lower: w.swemwbs_mean.lower,
    upper: w.swemwbs_mean.upper,
    note: pointNote(w, aggregatesOnly),
  }));
}

/** The chart's text: every band's mean and interval, in words. */
export function chartDescription(rows: WellbeingRow[], aggregatesOnly: boolean): string {
  const parts = rows.map((w) => `${bandWords(w.group)} contacts: ${w.respondents.count === 0 ? 'nobody' : meanWords(w.swemwbs_mean, aggregatesOnly)}`);
  return `Mean wellbeing score (SWEMWBS, ${swemwbsMin} to ${swemwbsMax}) by number of contacts, each a dot with a line for its 95% interval. ${parts.join('; ')}.`;
}

function Wellbeing({ report: r }: { report: WaveReport }) {
  const only = r.aggregates_only;
  return (
    <section aria-labelledby="wellbeing-heading">
      <h2 id="wellbeing-heading">Wellbeing and contacts</h2>
      <p>
        Wellbeing is the short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS, {swemwbsMin} to {swemwbsMax}, higher is better).
        Lonely means a score of 6 to 9 on the UCLA 3-item loneliness scale. A respondent’s contacts are their contacts in the network
        on the fieldwork date and the names they gave that are not matched yet.
      </p>
      <h3>By number of contacts</h3>
      <IntervalChart
        id="wellbeing-chart"
        title="Mean wellbeing by number of contacts"
        description={chartDescription(r.by_contacts, only)}
        points={points(r.by_contacts, only)}
        min={swemwbsMin}
        max={swemwbsMax}
        xLabel="Number of contacts"
        yLabel="Mean SWEMWBS"
      />
      <p class="hint">Each dot is a mean score and its line the 95% interval. A group with no dot is labelled instead: nobody in it, too few answers, or withheld.</p>
      <WellbeingTable id="by-contacts" caption="Wellbeing and loneliness by number of contacts" first="Contacts" rows={r.by_contacts} name={bandWords} aggregatesOnly={only} />
      <h3>By isolation class</h3>
      <WellbeingTable id="by-isolation" caption="Wellbeing and loneliness by isolation class" first="Who" rows={r.by_isolation} name={(g) => groupWords[g] ?? g} aggregatesOnly={only} />
    </section>
  );
}

function WellbeingTable({ id, caption, first, rows, name, aggregatesOnly }: {
  id: string; caption: string; first: string; rows: WellbeingRow[]; name: (group: string) => string; aggregatesOnly: boolean;
}) {
  return (
    <div class="table-wrap">
      <table class="table table--reflow" id={id}>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{first}</th><th scope="col" class="num">Respondents</th>
            <th scope="col">Mean wellbeing (95% interval)</th><th scope="col">Share lonely (95% interval)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((w) => (
            <tr key={w.group}>
              <th scope="row" data-label={first}>{name(w.group)}</th>
              <td class="num" data-label="Respondents">{countWords(w.respondents)}</td>
              <td data-label="Mean wellbeing (95% interval)">{w.respondents.count === 0 ? '—' : meanWords(w.swemwbs_mean, aggregatesOnly)}</td>
              <td data-label="Share lonely (95% interval)">{w.respondents.count === 0 ? '—' : percentWords(w.lonely_share, aggregatesOnly)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Correlations({ report: r }: { report: WaveReport }) {
  const c = r.correlations;
  const p = (x: number | null) => (x === null ? '' : ` (${pWords(x)})`);
  return (
    <section aria-labelledby="correlations-heading">
      <h2 id="correlations-heading">Contacts, wellbeing and loneliness</h2>
      <ul class="report-list">
        <li id="correlation-swemwbs">{correlationSentence(c.contacts_swemwbs_pearson, wellbeingCorrelation, r.aggregates_only)}{p(c.contacts_swemwbs_pearson.p)}</li>
        <li id="correlation-ucla">{correlationSentence(c.contacts_ucla3_spearman, lonelinessCorrelation, r.aggregates_only)}{p(c.contacts_ucla3_spearman.p)}</li>
      </ul>
      <p class="hint">r is Pearson’s correlation and rho Spearman’s, from −1 to 1; 0 means no link. A small group gives a wide interval.</p>
    </section>
  );
}

function PersonLink({ area, person }: { area: string; person: PersonRef }) {
  return <a href={`/areas/${encodeURIComponent(area)}/people/${encodeURIComponent(person.id)}`}>{person.name}</a>;
}

function PeopleList({ area, title, people }: { area: string; title: string; people: PersonRef[] }) {
  if (people.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul class="report-list">{people.map((p) => <li key={p.id}><PersonLink area={area} person={p} /></li>)}</ul>
    </>
  );
}

function TieList({ area, title, ties }: { area: string; title: string; ties: [PersonRef, PersonRef][] }) {
  if (ties.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul class="report-list">
        {ties.map(([a, b]) => <li key={`${a.id}-${b.id}`}><PersonLink area={area} person={a} /> and <PersonLink area={area} person={b} /></li>)}
      </ul>
    </>
  );
}

function Change({ area, change: c, aggregatesOnly }: { area: string; change: WaveChange; aggregatesOnly: boolean }) {
  const before = c.previous_wave.label;
  return (
    <section aria-labelledby="change-heading">
      <h2 id="change-heading">What changed since {before}</h2>
      <p>Between {formatDate(c.previous_wave.fieldwork_date)} ({before}) and this wave’s fieldwork date.</p>
      <dl class="stats">
        <Stat label="Ties gained" value={countWords(c.ties_gained)} />
        <Stat label="Ties lost" value={countWords(c.ties_lost)} />
        <Stat label="Became isolated" value={countWords(c.became_isolated)} />
        <Stat label="Reconnected" value={countWords(c.reconnected)} />
      </dl>
      <p class="hint">Became isolated: had contacts then and none now. Reconnected: had none then and some now.</p>
      {aggregatesOnly ? null : (
        <>
          <TieList area={area} title="Ties gained" ties={c.gained} />
          <TieList area={area} title="Ties lost" ties={c.lost} />
          <PeopleList area={area} title="Became isolated" people={c.isolated_now} />
          <PeopleList area={area} title="Reconnected" people={c.reconnected_now} />
        </>
      )}
      <h3>Groups and places</h3>
      {c.groups_and_places.length === 0 ? <p>No group or place gained or lost members.</p> : (
        <div class="table-wrap">
          <table class="table table--reflow" id="groups-and-places">
            <caption class="visually-hidden">Groups and places whose members changed since {before}</caption>
            <thead>
              <tr>
                <th scope="col">Name</th><th scope="col" class="num">Members before</th><th scope="col" class="num">Members now</th>
                <th scope="col" class="num">Joined</th><th scope="col" class="num">Left</th>
              </tr>
            </thead>
            <tbody>
              {c.groups_and_places.map((v) => (
                <tr key={v.id}>
                  <th scope="row" data-label="Name">{v.name}</th>
                  <td class="num" data-label="Members before">{countWords(v.members_before)}</td>
                  <td class="num" data-label="Members now">{countWords(v.members_after)}</td>
                  <td class="num" data-label="Joined">{countWords(v.joined)}</td>
                  <td class="num" data-label="Left">{countWords(v.left)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The paired change in one sentence: the mean change, its interval and p, or why there is none. */
export function pairedSentence(p: PairedChange, aggregatesOnly: boolean): string {
  const e = p.swemwbs_change;
  if (e.value === null) return `The mean change in wellbeing: ${missingWords(e, aggregatesOnly)}.`;
  return `Wellbeing changed by ${changeWords(e)} on average (this wave minus before)${e.p === null ? '' : `, ${pWords(e.p)}`}.`;
}

/** McNemar's test of lonely before and now, in words. */
export function mcnemarSentence(p: number | null, aggregatesOnly: boolean): string {
  if (p === null) return aggregatesOnly ? 'Whether loneliness changed: withheld.' : 'Whether loneliness changed: not worked out: too few answers.';
  return `Whether as many became lonely as stopped being lonely (McNemar’s test): ${pWords(p)}.`;
}

function Paired({ paired: p, before, aggregatesOnly }: { paired: PairedChange; before: string; aggregatesOnly: boolean }) {
  const rows: [string, ReportCount][] = [
    ['Lonely at both waves', p.lonely.both_waves],
    [`Lonely only at ${before}`, p.lonely.previous_only],
    ['Lonely only now', p.lonely.this_only],
    ['Lonely at neither', p.lonely.neither],
  ];
  return (
    <section aria-labelledby="paired-heading">
      <h2 id="paired-heading">People surveyed in both waves</h2>
      <p>People interviewed in {before} and in this wave: <strong id="paired-people">{countWords(p.people)}</strong>.</p>
      <p id="paired-change">{pairedSentence(p, aggregatesOnly)}</p>
      <div class="table-wrap">
        <table class="table" id="paired-lonely">
          <caption class="visually-hidden">People surveyed in both waves, lonely at each</caption>
          <thead><tr><th scope="col">Loneliness</th><th scope="col" class="num">People</th></tr></thead>
          <tbody>
            {rows.map(([label, c]) => <tr key={label}><th scope="row">{label}</th><td class="num">{countWords(c)}</td></tr>)}
          </tbody>
        </table>
      </div>
      <p id="paired-mcnemar">{mcnemarSentence(p.lonely.mcnemar_p, aggregatesOnly)}</p>
    </section>
  );
}
