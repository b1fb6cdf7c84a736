// The network map: the engine's layout drawn with sigma.js, coloured and sized by the
// engine's metrics, with filters the engine applies, a search, a panel for the person
// chosen, a drill-down for the aggregated view and a list view of the same people.
import { useMemo, useState } from 'preact/hooks';
import type { PageProps } from '../App';
import { countOf, formatCount, words } from '../format';
import { Loaded, useLoad, usePageTitle } from '../page';
import { MapCanvas, type ColourBy, type SizeBy } from './map/Canvas';
import { brokerageWords, countsSentence, isolationWords, loadMap, palette, type MapData, type MapFilters, type MapPerson } from './map/data';
import { PeopleTable } from './map/List';
import '../styles/map.css';

const noFilters: MapFilters = { kinds: [], minCloseness: '', at: '' };

export function MapPage({ params }: PageProps) {
  const area = params.area as string;
  usePageTitle('Network map', area);
  const [filters, setFilters] = useState<MapFilters>(noFilters);
  const [community, setCommunity] = useState<number | null>(null);
  const [load] = useLoad(() => loadMap(area, filters, community), [area, filters, community]);
  const [view, setView] = useState<'map' | 'list'>('map');
  const [colourBy, setColourBy] = useState<ColourBy>('community');
  const [sizeBy, setSizeBy] = useState<SizeBy>('degree');
  const [selected, setSelected] = useState<string | null>(null);

  const chooseCommunity = (k: number | null) => {
    setSelected(null);
    setCommunity(k);
  };

  return (
    <>
      <h1>Network map</h1>
      <FiltersForm applied={filters} onApply={(f) => { setSelected(null); setFilters(f); }} />
      <Loaded load={load} what="the network map">
        {(data) => (
          <MapBody
            area={area} data={data} view={view} setView={setView} colourBy={colourBy} setColourBy={setColourBy}
            sizeBy={sizeBy} setSizeBy={setSizeBy} selected={selected} setSelected={setSelected}
            community={community} chooseCommunity={chooseCommunity}
          />
        )}
      </Loaded>
    </>
  );
}

function MapBody(props: {
  area: string; data: MapData; view: 'map' | 'list'; setView: (v: 'map' | 'list') => void;
  colourBy: ColourBy; setColourBy: (c: ColourBy) => void; sizeBy: SizeBy; setSizeBy: (s: SizeBy) => void;
  selected: string | null; setSelected: (id: string | null) => void;
  community: number | null; chooseCommunity: (k: number | null) => void;
}) {
  const { area, data, view, setView, colourBy, setColourBy, sizeBy, setSizeBy, selected, setSelected, community, chooseCommunity } = props;
  const aggregated = data.layout.aggregated && community === null;
  const chosen = useMemo(() => data.people.find((p) => p.id === selected) ?? null, [data, selected]);
  const show = (id: string) => {
    setSelected(id);
    setView('map');
  };

  return (
    <>
      <p class="lead map-counts" data-testid="map-counts">{countsSentence(data, community)}.</p>
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
            <button type="button" class="button button--small" aria-pressed={view === 'map'} onClick={() => setView('map')}>Map</button>
            <button type="button" class="button button--small" aria-pressed={view === 'list'} onClick={() => setView('list')}>List</button>
          </div>
        </fieldset>
        {!aggregated ? <Search people={data.people} onChoose={show} /> : null}
      </div>
      {aggregated ? (
        <CommunityChooser data={data} onChoose={chooseCommunity} hidden={view === 'map'} />
      ) : null}
      {view === 'map' ? (
        <div class="map-layout">
          <div class="map-area">
            <p class="visually-hidden">The drawing is not read out; the list view gives the same people as a table.</p>
            {!aggregated ? (
              <div class="map-options">
                <div class="map-option">
                <label class="label" for="map-colour">Colour by</label>
                <select id="map-colour" class="select" value={colourBy} onChange={(e) => setColourBy((e.currentTarget as HTMLSelectElement).value as ColourBy)}>
                  <option value="community">Community</option>
                  <option value="isolation">Isolation (no ties, one tie, others)</option>
                </select>
                </div>
                <div class="map-option">
                <label class="label" for="map-size">Size by</label>
                <select id="map-size" class="select" value={sizeBy} onChange={(e) => setSizeBy((e.currentTarget as HTMLSelectElement).value as SizeBy)}>
                  <option value="degree">Number of contacts</option>
                  <option value="betweenness">Linking between others (betweenness)</option>
                </select>
                </div>
              </div>
            ) : null}
            <MapCanvas data={data} colourBy={colourBy} sizeBy={sizeBy} selected={selected} onSelectPerson={setSelected} onCommunity={chooseCommunity} />
            <Legend colourBy={aggregated ? 'community' : colourBy} aggregated={aggregated} data={data} />
          </div>
          {chosen ? <PersonPanel area={area} person={chosen} onClose={() => setSelected(null)} /> : null}
        </div>
      ) : aggregated ? null : (
        <PeopleTable people={data.people} area={area} onShow={show} />
      )}
    </>
  );
}

function Legend({ colourBy, aggregated, data }: { colourBy: ColourBy; aggregated: boolean; data: MapData }) {
  const communities = aggregated ? (data.layout.communities?.length ?? 0) : new Set(data.people.map((p) => p.community)).size;
  return (
    <div class="map-legend">
      <h2 class="map-legend__title">Key</h2>
      <ul class="list--bare map-legend__list">
        {colourBy === 'community' ? (
          <li>
            {palette.slice(0, 5).map((_, i) => <span key={i} class={`swatch swatch--c${i}`} aria-hidden="true" />)}
            {' '}Each colour is a community ({countOf(communities, 'community', 'communities')}; colours repeat after {palette.length})
          </li>
        ) : (
          <>
            <li><span class="swatch swatch--no_ties swatch--ring" aria-hidden="true" /> Red ring: no ties</li>
            <li><span class="swatch swatch--one_tie swatch--edged" aria-hidden="true" /> Orange, dark edge: one tie</li>
            <li><span class="swatch swatch--others" aria-hidden="true" /> Blue: two or more ties</li>
          </>
        )}
        {!aggregated && colourBy === 'community' ? (
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

function PersonPanel({ area, person, onClose }: { area: string; person: MapPerson; onClose: () => void }) {
  return (
    <aside class="panel map-panel" aria-labelledby="map-panel-title" aria-live="polite">
      <h2 id="map-panel-title">{person.name}</h2>
      <dl class="summary-list">
        <div class="summary-list__row"><dt class="summary-list__key">Contacts</dt><dd class="summary-list__value">{formatCount(person.degree)} ({isolationWords[person.isolation].toLowerCase()})</dd></div>
        <div class="summary-list__row"><dt class="summary-list__key">Community</dt><dd class="summary-list__value">{person.community < 0 ? 'None' : formatCount(person.community + 1)}</dd></div>
        <div class="summary-list__row"><dt class="summary-list__key">Linking role</dt><dd class="summary-list__value">{brokerageWords[person.brokerage]}</dd></div>
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

function FiltersForm({ applied, onApply }: { applied: MapFilters; onApply: (f: MapFilters) => void }) {
  const [kinds, setKinds] = useState<string[]>(applied.kinds);
  const [minCloseness, setMinCloseness] = useState(applied.minCloseness);
  const [at, setAt] = useState(applied.at);
  const kindWords = words.tie_kind ?? {};
  return (
    <form class="filters" onSubmit={(e) => { e.preventDefault(); onApply({ kinds, minCloseness, at }); }}>
      <div class="filters__row">
        <fieldset class="fieldset form-group">
          <legend class="fieldset__legend">Kinds of tie (none ticked: all)</legend>
          <div class="choices--inline">
            {Object.entries(kindWords).map(([k, label]) => (
              <div class="choice" key={k}>
                <input class="choice__input" type="checkbox" id={`map-kind-${k}`} checked={kinds.includes(k)}
                  onChange={(e) => setKinds((e.currentTarget as HTMLInputElement).checked ? [...kinds, k] : kinds.filter((x) => x !== k))} />
                <label class="choice__label" for={`map-kind-${k}`}>{label}</label>
              </div>
            ))}
          </div>
        </fieldset>
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
