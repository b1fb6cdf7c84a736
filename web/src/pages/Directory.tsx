// Groups and places: the community asset directory. One list and one form serve
// both, told apart by the URL (…/groups or …/places).
import { useEffect, useState } from 'preact/hooks';
import { allows } from '../access';
import { api } from '../api/routes';
import type { Group, Page, Place } from '../api/types';
import type { PageProps } from '../App';
import { entryPath } from './DirectoryEntry';
import { Button, ErrorSummary, errorFor, optionsOf, SelectField, TextField, toFieldError, type FieldError } from '../components/forms';
import { countOf, joinTags, splitTags, word, words } from '../format';
import { Failed, Loaded, Loading, useLoad, usePageTitle } from '../page';
import { location, navigate } from '../router';
import { grants } from '../session';
import { parseBack, trailAfter, trailBefore, type CursorTrail } from './cursorTrail';

type Kind = 'groups' | 'places';
type Entry = Group | Place;

const kindOf = (): Kind => (location.value.path.split('/')[3] === 'places' ? 'places' : 'groups');
const meta = {
  groups: { title: 'Groups', one: 'group', many: 'groups', kinds: words.group_kind, kindWord: 'group_kind', add: 'Add a group' },
  places: { title: 'Places', one: 'place', many: 'places', kinds: words.place_kind, kindWord: 'place_kind', add: 'Add a place' },
} as const;

function fetchList(kind: Kind, area: string, p: Record<string, string | number | undefined>): Promise<Page<Entry>> {
  return kind === 'groups' ? api.groups(area, p) : api.places(area, p);
}

export function DirectoryList({ params }: PageProps) {
  const area = params.area as string;
  const kind = kindOf();
  const m = meta[kind];
  usePageTitle(m.title, area);
  const search = location.value.search;
  const sp = new URLSearchParams(search);
  const q = sp.get('q') ?? '';
  const kindFilter = sp.get('kind') ?? '';
  const cursor = sp.get('cursor');
  const trail = { cursor, back: parseBack(sp.get('back')) };
  const back = trail.back;
  const [load] = useLoad(() => fetchList(kind, area, { q, kind: kindFilter, cursor: cursor ?? undefined, limit: 50 }), [area, kind, search]);
  const [text, setText] = useState(q);
  const [k, setK] = useState(kindFilter);
  useEffect(() => { setText(q); setK(kindFilter); }, [kind]);
  const base = `/areas/${encodeURIComponent(area)}/${kind}`;
  const canWrite = allows(grants.value, area, 'register_write');
  const url = (over: Record<string, string | null>) => {
    const p = new URLSearchParams();
    const all = { q, kind: kindFilter, cursor, back: back.join(','), ...over };
    for (const [key, v] of Object.entries(all)) if (v) p.set(key, v);
    const s = p.toString();
    return s ? `${base}?${s}` : base;
  };
  const trailUrl = (t: CursorTrail | null) => url({ cursor: t?.cursor ?? null, back: t?.back.join(',') ?? null });
  return (
    <>
      <h1>{m.title}</h1>
      {canWrite ? <p><a class="button" href={`${base}/new`}>{m.add}</a></p> : null}
      <form class="filters" role="search" aria-label={m.title} onSubmit={(e) => { e.preventDefault(); navigate(url({ q: text.trim(), kind: k, cursor: null, back: null })); }}>
        <div class="filters__row">
          <div class="form-group">
            <label class="label" for="dir-q">Search by name or description</label>
            <input id="dir-q" class="input input--medium" type="search" value={text} onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)} />
          </div>
          <SelectField name="dir-kind" label={`Kind of ${m.one}`} value={k} onChange={setK} options={optionsOf(m.kinds)} emptyLabel="Any kind" />
        </div>
        <Button secondary>Show {m.many}</Button>
      </form>
      <Loaded load={load} what={m.many}>
        {(page) => (
          <>
            <p role="status" class="result-count">{page.items.length === 0 ? `No ${m.many} found` : `Showing ${countOf(page.items.length, m.one, m.many)}`}</p>
            {page.items.length > 0 ? (
              <div class="table-wrap">
                <table class="table table--reflow">
                  <caption class="visually-hidden">{m.title}</caption>
                  <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Address</th><th scope="col">{kind === 'groups' ? 'Contact' : 'Opening times'}</th><th scope="col">Tags</th></tr></thead>
                  <tbody>
                    {page.items.map((x) => (
                      <tr key={x.id}>
                        <th scope="row" data-label="Name"><a href={entryPath(area, kind, x.id)}>{x.name}</a></th>
                        <td data-label="Kind">{word(m.kindWord, x.kind)}</td>
                        <td data-label="Address">{x.address ?? ''}</td>
                        <td data-label={kind === 'groups' ? 'Contact' : 'Opening times'}>{'contact' in x ? x.contact ?? '' : (x as Place).opening_times ?? ''}</td>
                        <td data-label="Tags">{joinTags(x.tags)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {cursor !== null || page.next_cursor !== null ? (
              <nav class="pagination" aria-label={`Pages of ${m.many}`}>
                {cursor !== null ? <a class="pagination__link" rel="prev" href={trailUrl(trailBefore(trail))}>Previous page</a> : null}
                {page.next_cursor !== null ? <a class="pagination__link" rel="next" href={trailUrl(trailAfter(trail, page.next_cursor))}>Next page</a> : null}
              </nav>
            ) : null}
          </>
        )}
      </Loaded>
    </>
  );
}

interface Draft {
  name: string; kind: string; description: string; contact: string; address: string;
  lat: string; lon: string; opening_times: string; tags: string;
}

function draftOf(x: Entry | null): Draft {
  return {
    name: x?.name ?? '', kind: x?.kind ?? '', description: x?.description ?? '',
    contact: x && 'contact' in x ? x.contact ?? '' : '', address: x?.address ?? '',
    lat: x?.lat !== null && x?.lat !== undefined ? String(x.lat) : '',
    lon: x?.lon !== null && x?.lon !== undefined ? String(x.lon) : '',
    opening_times: x && 'opening_times' in x ? x.opening_times ?? '' : '', tags: joinTags(x?.tags ?? []),
  };
}

/** A coordinate as typed: empty is null; anything else is sent as a number, or as typed so the server names it. */
function coordinate(s: string): number | string | null {
  const t = s.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

export function DirectoryEdit({ params }: PageProps) {
  const area = params.area as string;
  const id = params.id ?? null;
  const kind = kindOf();
  const m = meta[kind];
  const title = id ? `Change a ${m.one}` : m.add;
  usePageTitle(title, area);
  const [entry, setEntry] = useState<Entry | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [draft, setDraft] = useState<Draft>(draftOf(null));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!id) return;
    (kind === 'groups' ? api.group(area, id) : api.place(area, id)).then((x) => { setEntry(x); setDraft(draftOf(x)); }, setLoadError);
  }, [area, id, kind]);
  const set = (k: keyof Draft) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const fields = ['name', 'kind', 'description', 'contact', 'address', 'lat', 'lon', 'opening_times', 'tags'];

  async function submit(e: Event) {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (draft.name.trim() === '') missing.push({ field: 'name', message: `Enter the name of the ${m.one}` });
    if (draft.kind === '') missing.push({ field: 'kind', message: `Choose the kind of ${m.one}` });
    setErrors(missing);
    if (missing.length) return;
    const orNull = (s: string) => (s.trim() === '' ? null : s.trim());
    const body: Record<string, unknown> = {
      name: draft.name.trim(), kind: draft.kind, description: orNull(draft.description), address: orNull(draft.address),
      lat: coordinate(draft.lat), lon: coordinate(draft.lon), tags: splitTags(draft.tags),
      ...(kind === 'groups' ? { contact: orNull(draft.contact) } : { opening_times: orNull(draft.opening_times) }),
    };
    if (entry) body.revision = entry.revision;
    setBusy(true);
    try {
      const saved: Entry = kind === 'groups'
        ? await (id ? api.updateGroup(area, id, body as Partial<Group>) : api.createGroup(area, body as Partial<Group>))
        : await (id ? api.updatePlace(area, id, body as Partial<Place>) : api.createPlace(area, body as Partial<Place>));
      navigate(entryPath(area, kind, saved.id));
    } catch (error) {
      setErrors([toFieldError(error, fields)]);
    } finally {
      setBusy(false);
    }
  }

  const err = (f: string) => errorFor(errors, f);
  // One h1 element through loading and loaded, so the focus given to it on arrival stays.
  return (
    <div class="narrow">
      <ErrorSummary errors={errors} />
      <h1>{entry ? `Change ${entry.name}` : title}</h1>
      {id && loadError ? <Failed error={loadError} /> : id && !entry ? <Loading what={`the ${m.one}`} /> : <form onSubmit={submit} noValidate>
        <TextField name="name" label="Name" value={draft.name} onInput={set('name')} error={err('name')} autocomplete="off" />
        <SelectField name="kind" label={`Kind of ${m.one}`} value={draft.kind} onChange={set('kind')} options={optionsOf(m.kinds)} emptyLabel="Choose a kind" error={err('kind')} />
        <TextField name="description" label="Description" required={false} multiline value={draft.description} onInput={set('description')} error={err('description')} />
        {kind === 'groups'
          ? <TextField name="contact" label="How to get in touch" required={false} value={draft.contact} onInput={set('contact')} error={err('contact')} autocomplete="off" />
          : <TextField name="opening_times" label="Opening times" required={false} hint="For example, Mo-Fr 09:00-17:00" value={draft.opening_times} onInput={set('opening_times')} error={err('opening_times')} autocomplete="off" />}
        <TextField name="address" label="Address" required={false} value={draft.address} onInput={set('address')} error={err('address')} autocomplete="off" />
        <TextField name="lat" label="Latitude" required={false} hint="In degrees, from -90 to 90, such as 53.8145" value={draft.lat} onInput={set('lat')} error={err('lat')} width="short" inputMode="decimal" autocomplete="off" />
        <TextField name="lon" label="Longitude" required={false} hint="In degrees, from -180 to 180, such as -1.5287" value={draft.lon} onInput={set('lon')} error={err('lon')} width="short" inputMode="decimal" autocomplete="off" />
        <TextField name="tags" label="Activities and themes" required={false} hint="Separate them with commas, such as lunch club, gardening" value={draft.tags} onInput={set('tags')} error={err('tags')} />
        <div class="button-group">
          <Button disabled={busy}>{id ? 'Save changes' : m.add}</Button>
          <a class="link" href={id ? entryPath(area, kind, id) : `/areas/${encodeURIComponent(area)}/${kind}`}>Cancel</a>
        </div>
      </form>}
    </div>
  );
}
