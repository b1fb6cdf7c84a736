import { allows } from '../access';
import { api, listAll } from '../api/routes';
import type { IsolationClass, Network, Person, Summary } from '../api/types';
import type { PageProps } from '../App';
import { BarChart } from '../components/BarChart';
import { countOf, formatCount, formatDecimal, formatShare, formatSuppressed, word } from '../format';
import { degreeBins, listableClasses } from '../network';
import { Loaded, useLoad, usePageTitle } from '../page';
import { grants } from '../session';

const classes: { key: IsolationClass; explain: string }[] = [
  { key: 'no_ties', explain: 'People with no one recorded as a contact.' },
  { key: 'one_tie', explain: 'People with a single contact: if that tie ends, they have no one.' },
  { key: 'no_weekly_contact', explain: 'People who have contacts but see none of them every week.' },
  { key: 'family_only_ties', explain: 'People whose only contacts are family.' },
];

interface DashboardData {
  summary: Summary;
  network: Network | null;
  groups: number | null;
  places: number | null;
  brokerNames: Map<string, string>;
}

async function loadDashboard(area: string): Promise<DashboardData> {
  const g = grants.value;
  const detail = allows(g, area, 'network_detail');
  const directory = allows(g, area, 'directory_read');
  const [summary, network, groups, places] = await Promise.all([
    api.summary(area),
    detail ? api.network(area) : Promise.resolve(null),
    directory ? listAll((p) => api.groups(area, p)).then((l) => l.length) : Promise.resolve(null),
    directory ? listAll((p) => api.places(area, p)).then((l) => l.length) : Promise.resolve(null),
  ]);
  const brokerNames = new Map<string, string>();
  if (allows(g, area, 'register_read') && summary.top_brokers.length) {
    const people = await Promise.all(summary.top_brokers.map((b) => api.person(area, b.id).catch(() => null as Person | null)));
    for (const p of people) if (p) brokerNames.set(p.id, p.display_name);
  }
  return { summary, network, groups, places, brokerNames };
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
    </>
  );
}

function DashboardBody({ area, data }: { area: string; data: DashboardData }) {
  const { summary, network } = data;
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
        <Stat label="People" value={g.people_shown === '<5' ? 'fewer than 5' : formatCount(g.people)} />
        <Stat label="Ties between them" value={g.ties_shown === '<5' ? 'fewer than 5' : formatCount(g.ties)} />
        {data.groups !== null ? <Stat label="Groups" value={formatCount(data.groups)} /> : null}
        {data.places !== null ? <Stat label="Places" value={formatCount(data.places)} /> : null}
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
        <p class="hint">The names link to the list of those people. The answer the server gives per person says how many contacts each has, so people with no ties and with one tie can be listed; it does not say who has no weekly contact or only family ties.</p>
      ) : null}

      <h2>How contacts are spread</h2>
      {g.gini_degree !== null && g.gini_degree !== undefined ? (
        <p>
          The Gini coefficient of contacts is <strong>{formatDecimal(g.gini_degree)}</strong>: 0 would mean everyone has the same number of contacts, and the nearer it is to 1, the more the contacts are held by a few people.
        </p>
      ) : null}
      {network && network.nodes.length === 0 ? <p>No one is in the analysis yet, so there is nothing to chart.</p> : network ? <DegreeChart network={network} /> : (
        <p>A chart of how many people have each number of contacts needs the per-person figures, which your role does not include.</p>
      )}

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
                    <td class="num" data-label="Pairs linked only here">{formatSuppressed(v.only_link_pairs)}</td>
                    <td class="num" data-label="Communities reached">{formatCount(v.communities_spanned)}</td>
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

function DegreeChart({ network }: { network: Network }) {
  const bins = degreeBins(network.nodes);
  const most = bins.reduce((a, b) => (b.people > a.people ? b : a), bins[0] ?? { label: '0', people: 0 });
  return (
    <>
      <BarChart
        id="degree-chart"
        title="How many people have each number of contacts"
        description={`A bar for each number of contacts. The most common is ${most.label}, for ${countOf(most.people, 'person', 'people')}. The table below gives every figure.`}
        bars={bins.map((b) => ({ label: b.label, value: b.people }))}
        xLabel="Number of contacts"
        yLabel="People"
      />
      <details class="details">
        <summary class="details__summary">Show the figures as a table</summary>
        <div class="table-wrap">
          <table class="table">
            <caption class="visually-hidden">People by number of contacts</caption>
            <thead><tr><th scope="col">Contacts</th><th scope="col" class="num">People</th></tr></thead>
            <tbody>
              {bins.map((b) => (
                <tr key={b.label}><th scope="row">{b.label}</th><td class="num">{formatCount(b.people)}</td></tr>
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
