// The network map: the engine's layout drawn with sigma.js, coloured and sized by the
// engine's metrics, with filters the engine applies, a search, a panel for the person
// chosen, a drill-down for the aggregated view and a list view of the same people.
// What it shows lives in the page's address (./map/view.ts), so Back and a bookmark work.
import { useMemo, useState } from 'preact/hooks';
import type { PageProps } from '../App';
import { countOf, formatCount, words } from '../format';
import { Loaded, useLoad, usePageTitle } from '../page';
import { location, navigate } from '../router';
import { MapCanvas } from './map/Canvas';
import { colouringFor } from './map/colouring';
import { brokerageWords, countsSentence, isolationWords, loadMap, palette, type MapData, type MapFilters, type MapPerson } from './map/data';
import { PeopleTable } from './map/List';
import { formatMetric, isMetric, metricKeys, metricWords, type ColourScale, type MetricKey } from './map/metrics';
import { filtersKey, parseView, serialiseView, type ColourBy, type MapView, type SizeBy } from './map/view';
import '../styles/map.css';

const kindChoices = Object.keys(words.tie_kind ?? {});
const evidenceChoices = Object.keys(words.evidence ?? {});

export function MapPage({ params }: PageProps) {
  const area = params.area as string;
  usePageTitle('Network map', area);
  const { path, search } = location.value;
  const view = useMemo(() => parseView(search, kindChoices, evidenceChoices), [search]);
  const fKey = filtersKey(view);
  const filters = useMemo<MapFilters>(() => ({ kinds: view.kinds, evidence: view.evidence, minCloseness: view.minCloseness, at: view.at }), [fKey]);
  const [load] = useLoad(() => loadMap(area, filters, view.community), [area, filters, view.community]);
  // Each change of view is a step Back returns from; choosing a person only replaces
  // the address (clicking around the map should not fill the history).
  const change = (next: Partial<MapView>, replace = false) => navigate(path + serialiseView({ ...view, ...next }), { replace });

  return (
    <>
      <h1>Network map</h1>
      <FiltersForm key={fKey} applied={filters} onApply={(f) => change({ ...f, person: null })} />
      <Loaded load={load} what="the network map">
        {(data) => <MapBody area={area} data={data} view={view} change={change} />}
      </Loaded>
    </>
  );
}

function MapBody({ area, data, view, change }: {
  area: string; data: MapData; view: MapView; change: (next: Partial<MapView>, replace?: boolean) => void;
}) {
  const community = data.layout.community ?? null;
  const aggregated = data.layout.aggregated && community === null;
  const chosen = useMemo(() => data.people.find((p) => p.id === view.person) ?? null, [data, view.person]);
  const colouring = useMemo(() => colouringFor(data, view.colour), [data, view.colour]);
  const chooseCommunity = (k: number | null) => change({ community: k, person: null });
  const select = (id: string | null) => change({ person: id }, true);
  const show = (id: string) => change({ person: id, show: 'map' });
  const metric = isMetric(view.colour) ? view.colour : null;

  return (
    <>
      <p class="lead map-counts" data-testid="map-counts">{countsSentence(data)}.</p>
      {community !== null ? (
        <p><button type="button" class="button button--secondary" onClick={() => chooseCommunity(null)}>Back to all communities</button></p>
      ) : null}
      {aggregated ? (
        <p>There are more people than the map draws one by one ({formatCount(data.layout.people_max)} at most), so each circle is a community, sized by its members. Choose one to see its people.</p>
      ) : null}
      <div class="map-toolbar">
        <fieldset class="fieldset">
          <legend class="fieldset__legend">Show as</legend>
          <div class="button-group" role="group">
            <button type="button" class="button button--small" aria-pressed={view.show === 'map'} onClick={() => change({ show: 'map' })}>Map</button>
            <button type="button" class="button button--small" aria-pressed={view.show === 'list'} onClick={() => change({ show: 'list' })}>List</button>
          </div>
        </fieldset>
        {!aggregated ? <Search people={data.people} onChoose={show} /> : null}
      </div>
      {aggregated ? (
        <CommunityChooser data={data} onChoose={chooseCommunity} hidden={view.show === 'map'} />
      ) : null}
      {!aggregated ? <ColourSize view={view} change={change} /> : null}
      {view.show === 'map' ? (
        <div class="map-layout">
          <div class="map-area">
            <p class="visually-hidden">The drawing is not read out; the list view gives the same people as a table.</p>
            <MapCanvas data={data} colourOf={colouring.colourOf} sizeBy={view.size} selected={view.person} onSelectPerson={select} onCommunity={chooseCommunity} />
            <Legend colourBy={aggregated ? 'community' : view.colour} aggregated={aggregated} data={data} scale={colouring.scale} />
          </div>
          {chosen ? <PersonPanel area={area} person={chosen} metric={metric} onClose={() => select(null)} /> : null}
        </div>
      ) : aggregated ? null : (
        <PeopleTable people={data.people} area={area} metric={metric} onShow={show} />
      )}
    </>
  );
}

function ColourSize({ view, change }: { view: MapView; change: (next: Partial<MapView>) => void }) {
  return (
    <div class="map-options">
      <div class="map-option">
        <label class="label" for="map-colour">Colour by</label>
        <select id="map-colour" class="select" value={view.colour} onChange={(e) => change({ colour: (e.currentTarget as HTMLSelectElement).value as ColourBy })}>
          <option value="community">Community</option>
          <option value="isolation">Isolation (no ties, one tie, others)</option>
          {metricKeys.map((k) => <option key={k} value={k}>{metricWords[k].option}</option>)}
        </select>
      </div>
      <div class="map-option">
        <label class="label" for="map-size">Size by</label>
        <select id="map-size" class="select" value={view.size} onChange={(e) => change({ size: (e.currentTarget as HTMLSelectElement).value as SizeBy })}>
          <option value="degree">Number of contacts</option>
          <option value="betweenness">Linking between others (betweenness)</option>
        </select>
      </div>
    </div>
  );
}

function Legend({ colourBy, aggregated, data, scale }: { colourBy: ColourBy; aggregated: boolean; data: MapData; scale: ColourScale | null }) {
  const communities = aggregated ? (data.layout.communities?.length ?? 0) : new Set(data.people.map((p) => p.community)).size;
  return (
    <div class="map-legend" data-testid="map-legend">
      <h2 class="map-legend__title">Key</h2>
      {isMetric(colourBy) && scale ? <MetricKeyList metric={colourBy} scale={scale} /> : null}
      <ul class="list--bare map-legend__list">
        {colourBy === 'community' ? (
          <li>
            {palette.slice(0, 5).map((_, i) => <span key={i} class={`swatch swatch--c${i}`} aria-hidden="true" />)}
            {' '}Each colour is a community ({countOf(communities, 'community', 'communities')}; colours repeat after {palette.length})
          </li>
        ) : colourBy === 'isolation' ? (
          <>
            <li><span class="swatch swatch--no_ties swatch--ring" aria-hidden="true" /> Red ring: no ties</li>
            <li><span class="swatch swatch--one_tie swatch--edged" aria-hidden="true" /> Orange, dark edge: one tie</li>
            <li><span class="swatch swatch--others" aria-hidden="true" /> Blue: two or more ties</li>
          </>
        ) : null}
        {!aggregated && colourBy !== 'isolation' ? (
          <>
            <li><span class="swatch swatch--c0 swatch--ring" aria-hidden="true" /> Ring (hollow): no ties</li>
            <li><span class="swatch swatch--c0 swatch--edged" aria-hidden="true" /> Dark edge: one tie</li>
          </>
        ) : null}
        {aggregated ? <li>Size: members; line width: ties between two communities</li> : <li>Larger circles: more contacts or more linking, as chosen above</li>}
      </ul>
    </div>
  );
}

/** The key of a figure's colour steps: what it means, low → high, and each step's range. */
function MetricKeyList({ metric, scale }: { metric: MetricKey; scale: ColourScale }) {
  const w = metricWords[metric];
  const range = scale.min === null || scale.max === null ? null : `${formatMetric(metric, scale.min)} to ${formatMetric(metric, scale.max)}`;
  return (
    <div class="map-legend__metric" data-testid="map-legend-metric">
      <p class="map-legend__means">
        Colour: {w.means}: {w.low}{' '}<span aria-hidden="true">→</span><span class="visually-hidden"> to</span>{' '}{w.high} ({w.short.toLowerCase()}{range ? `, ${range}` : ''}).
      </p>
      {scale.steps.length > 0 ? (
        <>
          <p class="hint">Each shade holds about as many people, ranked by the figure; people with the same figure share a shade.</p>
          <ul class="list--bare map-legend__list" aria-label={`Shades of ${w.short.toLowerCase()}, ${w.low} to ${w.high}`}>
            {scale.steps.map((s, i) => (
              <li key={i}>
                <span class={`swatch swatch--s${s.shade}`} aria-hidden="true" />{' '}
                {s.from === s.to ? formatMetric(metric, s.from) : `${formatMetric(metric, s.from)} to ${formatMetric(metric, s.to)}`}
                {' '}({countOf(s.people, 'person', 'people')})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {scale.noFigure > 0 ? (
        <p><span class="swatch swatch--none" aria-hidden="true" /> Grey: no figure ({countOf(scale.noFigure, 'person', 'people')}){noFigureWhy(metric)}.</p>
      ) : null}
    </div>
  );
}

function noFigureWhy(metric: MetricKey): string {
  if (metric === 'eigenvector') return '; the engine gives this figure only when everyone drawn is linked, directly or through others, in one network';
  if (metric === 'constraint' || metric === 'effective_size') return '; it needs at least one contact';
  return '';
}

function PersonPanel({ area, person, metric, onClose }: { area: string; person: MapPerson; metric: MetricKey | null; onClose: () => void }) {
  return (
    <aside class="panel map-panel" aria-labelledby="map-panel-title" aria-live="polite">
      <h2 id="map-panel-title">{person.name}</h2>
      <dl class="summary-list">
        <div class="summary-list__row"><dt class="summary-list__key">Contacts</dt><dd class="summary-list__value">{formatCount(person.degree)} ({isolationWords[person.isolation].toLowerCase()})</dd></div>
        <div class="summary-list__row"><dt class="summary-list__key">Community</dt><dd class="summary-list__value">{person.community < 0 ? 'None' : formatCount(person.community + 1)}</dd></div>
        <div class="summary-list__row"><dt class="summary-list__key">Linking role</dt><dd class="summary-list__value">{brokerageWords[person.brokerage]}</dd></div>
        {metric && metric !== 'degree' ? (
          <div class="summary-list__row" data-testid="map-panel-metric"><dt class="summary-list__key">{metricWords[metric].short}</dt><dd class="summary-list__value">{formatMetric(metric, person.metrics[metric])}</dd></div>
        ) : null}
      </dl>
      <p class="button-group">
        <a class="button" href={`/areas/${encodeURIComponent(area)}/people/${encodeURIComponent(person.id)}`}>Open profile<span class="visually-hidden">: {person.name}</span></a>
        <button type="button" class="button button--secondary" onClick={onClose}>Close</button>
      </p>
    </aside>
  );
}

function Search({ people, onChoose }: { people: MapPerson[]; onChoose: (id: string) => void }) {
  const [q, setQ] = useState('');
  const needle = q.trim().toLocaleLowerCase('en-GB');
  const matches = needle.length < 2 ? [] : people.filter((p) => p.name.toLocaleLowerCase('en-GB').includes(needle));
  return (
    <div class="map-search">
      <label class="label" for="map-search">Find a person on the map</label>
      <input id="map-search" class="input" type="search" autocomplete="off" value={q} aria-describedby="map-search-hint" onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} />
      <p id="map-search-hint" class="hint" role="status">
        {needle.length < 2 ? 'Type two letters or more of a name.' : matches.length === 0 ? 'No one on the map has that name.' : `${countOf(matches.length, 'match', 'matches')}${matches.length > 10 ? ', the first 10 shown' : ''}.`}
      </p>
      {matches.length > 0 ? (
        <ul class="list--bare map-search__matches" aria-label="Matches">
          {matches.slice(0, 10).map((p) => (
            <li key={p.id}><button type="button" class="button button--secondary button--small" onClick={() => { setQ(''); onChoose(p.id); }}>{p.name}</button></li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function CommunityChooser({ data, onChoose, hidden }: { data: MapData; onChoose: (k: number) => void; hidden: boolean }) {
  const list = [...(data.layout.communities ?? [])].sort((a, b) => b.members - a.members);
  return (
    <details class="map-communities" open={!hidden}>
      <summary>Communities as a list ({formatCount(list.length)})</summary>
      <ul class="list--bare map-communities__list">
        {list.map((c) => (
          <li key={c.community}>
            <button type="button" class="button button--secondary button--small" onClick={() => onChoose(c.community)}>
              Community {formatCount(c.community + 1)}: {countOf(c.members, 'member', 'members')}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** A filter's tick boxes: the values ticked, none meaning all. */
function TickBoxes({ legend, idPrefix, choices, ticked, onChange }: {
  legend: string; idPrefix: string; choices: Record<string, string>; ticked: string[]; onChange: (v: string[]) => void;
}) {
  return (
    <fieldset class="fieldset form-group">
      <legend class="fieldset__legend">{legend}</legend>
      <div class="choices--inline">
        {Object.entries(choices).map(([k, label]) => (
          <div class="choice" key={k}>
            <input class="choice__input" type="checkbox" id={`${idPrefix}-${k}`} checked={ticked.includes(k)}
              onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked ? [...ticked, k] : ticked.filter((x) => x !== k))} />
            <label class="choice__label" for={`${idPrefix}-${k}`}>{label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

function FiltersForm({ applied, onApply }: { applied: MapFilters; onApply: (f: MapFilters) => void }) {
  const [kinds, setKinds] = useState<string[]>(applied.kinds);
  const [evidence, setEvidence] = useState<string[]>(applied.evidence);
  const [minCloseness, setMinCloseness] = useState(applied.minCloseness);
  const [at, setAt] = useState(applied.at);
  const kindWords = words.tie_kind ?? {};
  return (
    <form class="filters" onSubmit={(e) => { e.preventDefault(); onApply({ kinds, evidence, minCloseness, at }); }}>
      <div class="filters__row">
        <TickBoxes legend="Kinds of tie (none ticked: all)" idPrefix="map-kind" choices={kindWords} ticked={kinds} onChange={setKinds} />
      </div>
      <div class="filters__row">
        <TickBoxes legend="How the tie is known (none ticked: all)" idPrefix="map-evidence" choices={words.evidence ?? {}} ticked={evidence} onChange={setEvidence} />
      </div>
      <div class="filters__row">
        <div class="form-group">
          <label class="label" for="map-closeness">Closeness at least</label>
          <select id="map-closeness" class="select" value={minCloseness} onChange={(e) => setMinCloseness((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">Any</option>
            {['1', '2', '3', '4', '5'].map((v) => <option key={v} value={v}>{v} of 5</option>)}
          </select>
        </div>
        <div class="form-group">
          <label class="label" for="map-at">Ties valid on</label>
          <input id="map-at" class="input input--short" type="date" value={at} onInput={(e) => setAt((e.currentTarget as HTMLInputElement).value)} />
        </div>
        <div class="form-group map-filters__apply">
          <button type="submit" class="button">Apply filters</button>
        </div>
      </div>
    </form>
  );
}
