import { allows } from '../access';
import { api } from '../api/routes';
import type { DegreeBinAnswer, IsolationClass, Person, Summary } from '../api/types';
import type { PageProps } from '../App';
import { BarChart } from '../components/BarChart';
import { countOf, formatCount, formatDate, formatDecimal, formatShare, formatSuppressed, word } from '../format';
import { degreeBars, listableClasses } from '../network';
import { Loaded, useLoad, usePageTitle } from '../page';
import { grants } from '../session';
import { surveyApi } from './survey/surveyApi';

const classes: { key: IsolationClass; explain: string }[] = [
  { key: 'no_ties', explain: 'People with no one recorded as a contact.' },
  { key: 'one_tie', explain: 'People with a single contact: if that tie ends, they have no one.' },
  { key: 'no_weekly_contact', explain: 'People who have contacts but see none of them every week.' },
  { key: 'family_only_ties', explain: 'People whose only contacts are family.' },
];

interface DashboardData {
  summary: Summary;
  brokerNames: Map<string, string>;
}

// Everything but the brokers' names comes from the summary, so a commissioner
// sees the same figures (with small counts withheld) as a researcher.
async function loadDashboard(area: string): Promise<DashboardData> {
  const g = grants.value;
  const summary = await api.summary(area);
  const brokerNames = new Map<string, string>();
  if (allows(g, area, 'register_read') && summary.top_brokers.length) {
    const people = await Promise.all(summary.top_brokers.map((b) => api.person(area, b.id).catch(() => null as Person | null)));
    for (const p of people) if (p) brokerNames.set(p.id, p.display_name);
  }
  return { summary, brokerNames };
}

export function Dashboard({ params }: PageProps) {
  const area = params.area as string;
  usePageTitle('Dashboard', area);
  const [load] = useLoad(() => loadDashboard(area), [area]);
  return (
    <>
      <h1>Dashboard</h1>
      <Loaded load={load} what="the area's figures">
        {(d) => <DashboardBody area={area} data={d} />}
      </Loaded>
      <SurveyReports area={area} />
    </>
  );
}

// The area's survey waves, each linked to its report: the way a commissioner,
// who cannot open the survey pages, reaches the reports.
function SurveyReports({ area }: { area: string }) {
  const [load] = useLoad(() => surveyApi.waves(area), [area]);
  return (
    <section aria-labelledby="survey-reports">
      <h2 id="survey-reports">Survey reports</h2>
      <Loaded load={load} what="the survey waves">
        {(w) =>
          w.items.length === 0 ? (
            <p>No survey waves in this area yet.</p>
          ) : (
            <ul class="list">
              {w.items.map((wave) => (
                <li key={wave.id}>
                  <a href={`/areas/${encodeURIComponent(area)}/surveys/waves/${encodeURIComponent(wave.id)}/report`}>
                    Report on {wave.label}
                  </a>{' '}
                  (fieldwork from {formatDate(wave.fieldwork_date)})
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function DashboardBody({ area, data }: { area: string; data: DashboardData }) {
  const { summary } = data;
  const g = summary.graph;
  const canListPeople = allows(grants.value, area, 'register_read') && allows(grants.value, area, 'network_detail');
  const anySuppressed = Object.values(summary.isolation).some((c) => c.suppressed);
  const linkedClasses = classes.filter(({ key }) => canListPeople && listableClasses.includes(key) && !summary.isolation[key].suppressed && (summary.isolation[key].count ?? 0) > 0);
  const peopleHref = (cls: IsolationClass) => `/areas/${encodeURIComponent(area)}/people?isolation=${cls}`;
  return (
    <>
      {g.people === 0 ? (
        <p class="notice">No one in this area is in the analysis yet: add people and their ties, or import them, and the figures appear here. People whose consent does not allow research are left out.</p>
      ) : null}
      <p class="lead">
        Figures for the people whose consent allows analysis{g.at ? ` on ${g.at}` : ', as the register stands today'}.
      </p>
      <h2>The area in numbers</h2>
      <dl class="stats">
        <Stat label="People" value={areaTotal(g.people, g.people_shown)} />
        <Stat label="Ties between them" value={areaTotal(g.ties, g.ties_shown)} />
        <Stat label="Groups" value={areaTotal(g.groups, g.groups_shown)} />
        <Stat label="Places" value={areaTotal(g.places, g.places_shown)} />
        <Stat label="Communities" value={formatCount(g.communities)} />
      </dl>

      <h2>Who may be isolated</h2>
      <div class="table-wrap">
        <table class="table">
          <caption class="visually-hidden">People in each isolation class, with their share of everyone</caption>
          <thead>
            <tr><th scope="col">Who</th><th scope="col" class="num">People</th><th scope="col" class="num">Share of everyone</th></tr>
          </thead>
          <tbody>
            {classes.map(({ key, explain }) => {
              const c = summary.isolation[key];
              const linked = linkedClasses.some((l) => l.key === key);
              return (
                <tr key={key}>
                  <th scope="row">
                    {linked ? <a href={peopleHref(key)}>{word('isolation', key)}</a> : word('isolation', key)}
                    <span class="cell-hint">{explain}</span>
                  </th>
                  <td class="num">{formatSuppressed(c)}</td>
                  <td class="num">{c.suppressed || c.share === undefined ? 'not shown' : formatShare(c.share)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {anySuppressed ? (
        <p class="hint">"Fewer than 5" means the count is between 1 and 4. Small counts are withheld so that no one can be picked out.</p>
      ) : null}
      {linkedClasses.length > 0 ? (
        <p class="hint">The names link to the list of those people.</p>
      ) : null}

      <h2>How contacts are spread</h2>
      {g.gini_degree !== null && g.gini_degree !== undefined ? (
        <p>
          The Gini coefficient of contacts is <strong>{formatDecimal(g.gini_degree)}</strong>: 0 would mean everyone has the same number of contacts, and the nearer it is to 1, the more the contacts are held by a few people.
        </p>
      ) : null}
      {summary.degree_distribution.length === 0 ? <p>No one is in the analysis yet, so there is nothing to chart.</p> : <DegreeChart bins={summary.degree_distribution} />}

      {summary.top_brokers.length > 0 ? <Brokers area={area} data={data} /> : null}

      <h2>Groups and places that bring people together</h2>
      {summary.brings_people_together.length === 0 ? <p>No group or place links people who are otherwise unconnected.</p> : (
        <>
          <p>Ranked by the pairs of members who have no other link between them than this group or place.</p>
          <div class="table-wrap">
            <table class="table table--reflow">
              <caption class="visually-hidden">Groups and places ranked by the pairs of people they alone link</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th><th scope="col">Group or place</th><th scope="col" class="num">Members</th>
                  <th scope="col" class="num">Pairs linked only here</th><th scope="col" class="num">Communities reached</th>
                </tr>
              </thead>
              <tbody>
                {summary.brings_people_together.slice(0, 15).map((v) => (
                  <tr key={v.id}>
                    <th scope="row" data-label="Name">{v.name}</th>
                    <td data-label="Group or place">{v.type === 'group' ? 'Group' : 'Place'}</td>
                    <td class="num" data-label="Members">{formatSuppressed(v.members)}</td>
                    <td class="num" data-label="Pairs linked only here">{v.only_link_pairs ? formatSuppressed(v.only_link_pairs) : 'not shown'}</td>
                    <td class="num" data-label="Communities reached">{v.communities_spanned === null ? 'not shown' : formatCount(v.communities_spanned)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}

      <h2>Communities</h2>
      <p>
        The network falls into {countOf(g.communities, 'community', 'communities')}: groups of people with more ties among themselves than to others.
        {g.components > 1 ? ` There are ${countOf(g.components, 'separate part', 'separate parts')} with no tie between them (a person with no ties counts as a part on their own).` : ''}
        {g.modularity !== null && g.modularity !== undefined ? ` How clearly the communities stand apart (modularity, 0 to 1): ${formatDecimal(g.modularity)}.` : ''}
      </p>
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

/** An area total as the summary gives it: the number, or its words when withheld. */
function areaTotal(n: number | null, shown: string): string {
  if (n === null || n === undefined) return shown === '<5' ? 'fewer than 5' : shown;
  return formatCount(n);
}

function binLabel(b: DegreeBinAnswer): string {
  return b.or_more ? `${b.contacts} or more` : String(b.contacts);
}

function DegreeChart({ bins }: { bins: DegreeBinAnswer[] }) {
  const bars = degreeBars(bins);
  const shown = bins.filter((b) => !b.people.suppressed && typeof b.people.count === 'number');
  const most = shown.reduce<DegreeBinAnswer | null>((a, b) => (a === null || (b.people.count ?? 0) > (a.people.count ?? 0) ? b : a), null);
  const anyWithheld = bins.some((b) => b.people.suppressed);
  const mostText = most ? ` The most common shown is ${binLabel(most)}, for ${countOf(most.people.count ?? 0, 'person', 'people')}.` : '';
  const withheldText = anyWithheld ? ' Bars for counts that are withheld are hatched and labelled instead of drawn to height.' : '';
  return (
    <>
      <BarChart
        id="degree-chart"
        title="How many people have each number of contacts"
        description={`A bar for each number of contacts, the last for ${binLabel(bins[bins.length - 1] as DegreeBinAnswer)}.${mostText}${withheldText} The table below gives every figure.`}
        bars={bars}
        xLabel="Number of contacts"
        yLabel="People"
      />
      {anyWithheld ? <p class="hint">A hatched bar marked "&lt;5" stands for between 1 and 4 people; one marked "withheld" is held back so that the total cannot give a small count away (it may be large).</p> : null}
      <details class="details">
        <summary class="details__summary">Show the figures as a table</summary>
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">People by number of contacts</caption>
            <thead><tr><th scope="col">Contacts</th><th scope="col" class="num">People</th></tr></thead>
            <tbody>
              {bins.map((b) => (
                <tr key={binLabel(b)}><th scope="row">{binLabel(b)}</th><td class="num">{formatSuppressed(b.people)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}

function Brokers({ area, data }: { area: string; data: DashboardData }) {
  return (
    <>
      <h2>People who connect others</h2>
      <p>The people through whom most of the shortest paths between others pass: if they stepped back, others would be further apart.</p>
      <div class="table-wrap">
        <table class="table table--reflow">
          <caption class="visually-hidden">The ten people who most often connect others</caption>
          <thead>
            <tr><th scope="col">Person</th><th scope="col" class="num">Share of shortest paths through them</th><th scope="col" class="num">Community</th></tr>
          </thead>
          <tbody>
            {data.summary.top_brokers.map((b) => {
              const name = data.brokerNames.get(b.id);
              return (
                <tr key={b.id}>
                  <th scope="row" data-label="Person">{name ? <a href={`/areas/${encodeURIComponent(area)}/people/${encodeURIComponent(b.id)}`}>{name}</a> : b.id}</th>
                  <td class="num" data-label="Share of shortest paths through them">{formatShare(b.betweenness_norm)}</td>
                  <td class="num" data-label="Community">{formatCount(b.community)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
