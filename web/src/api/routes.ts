// Typed calls of the routes the pages use (docs/api.md).
import { query, request, type RawBody } from './client';
import type {
  Affiliation, Area, AreaUser, AuditRow, ConsentCounts, Ego, Group, ImportPreview, ImportReport, Merge, Network, OneTimePassword, OwnRecord, Page, Person, Place,
  SessionAnswer, Summary, Tie,
} from './types';

const v1 = '/api/v1';
const inArea = (area: string) => `${v1}/areas/${encodeURIComponent(area)}`;
const one = (area: string, kind: string, id: string) => `${inArea(area)}/${kind}/${encodeURIComponent(id)}`;

export type ListParams = Record<string, string | number | undefined>;

export const api = {
  signIn: (username: string, password: string) =>
    request<SessionAnswer>('POST', `${v1}/session`, { username, password }, { signIn: true }),
  session: () => request<SessionAnswer>('GET', `${v1}/session`),
  signOut: () => request<void>('DELETE', `${v1}/session`),
  signOutEverywhere: () => request<void>('DELETE', `${v1}/sessions`),
  changePassword: (current_password: string, new_password: string) =>
    request<void>('POST', `${v1}/session/password`, { current_password, new_password }),

  areas: () => request<Page<Area>>('GET', `${v1}/areas?limit=500`),
  summary: (area: string) => request<Summary>('GET', `${inArea(area)}/network/summary`),
  /** The engine's figures; `isolation` keeps one class's people, `person` one person (both the whole network's figures). */
  network: (area: string, only: { isolation?: string; person?: string } = {}) =>
    request<Network>('GET', `${inArea(area)}/network${query(only)}`),
  ego: (area: string, id: string) => request<Ego>('GET', `${one(area, 'people', id)}/ego`),
  audit: (area: string, p: ListParams) => request<Page<AuditRow>>('GET', `${inArea(area)}/audit${query(p)}`),

  consentCounts: (area: string, q: string) => request<ConsentCounts>('GET', `${inArea(area)}/consent${query({ q: q || undefined })}`),
  people: (area: string, p: ListParams) => request<Page<Person>>('GET', `${inArea(area)}/people${query(p)}`),
  person: (area: string, id: string) => request<Person>('GET', one(area, 'people', id)),
  createPerson: (area: string, body: Partial<Person>) => request<Person>('POST', `${inArea(area)}/people`, body),
  updatePerson: (area: string, id: string, body: Partial<Person>) => request<Person>('PATCH', one(area, 'people', id), body),
  /** A link, not a call: the browser downloads the document (area admins). */
  subjectAccessUrl: (area: string, id: string) => `${one(area, 'people', id)}/subject-access`,
  erasePerson: (area: string, id: string) => request<unknown>('POST', `${one(area, 'people', id)}/erase`),

  /** The area's merges, newest first; with `person`, those that kept or merged that person. */
  merges: (area: string, person?: string) =>
    request<{ items: Merge[]; limit: number }>('GET', `${inArea(area)}/merges${query({ person })}`),
  mergePeople: (area: string, body: { keep: string; merge: string; reason: string }) =>
    request<Merge>('POST', `${inArea(area)}/merges`, body),
  undoMerge: (area: string, id: string) => request<Merge>('POST', `${one(area, 'merges', id)}/undo`),

  groups: (area: string, p: ListParams) => request<Page<Group>>('GET', `${inArea(area)}/groups${query(p)}`),
  group: (area: string, id: string) => request<Group>('GET', one(area, 'groups', id)),
  createGroup: (area: string, body: Partial<Group>) => request<Group>('POST', `${inArea(area)}/groups`, body),
  updateGroup: (area: string, id: string, body: Partial<Group>) => request<Group>('PATCH', one(area, 'groups', id), body),

  places: (area: string, p: ListParams) => request<Page<Place>>('GET', `${inArea(area)}/places${query(p)}`),
  place: (area: string, id: string) => request<Place>('GET', one(area, 'places', id)),
  createPlace: (area: string, body: Partial<Place>) => request<Place>('POST', `${inArea(area)}/places`, body),
  updatePlace: (area: string, id: string, body: Partial<Place>) => request<Place>('PATCH', one(area, 'places', id), body),

  ties: (area: string, p: ListParams) => request<Page<Tie>>('GET', `${inArea(area)}/ties${query(p)}`),
  createTie: (area: string, body: Partial<Tie>) => request<Tie>('POST', `${inArea(area)}/ties`, body),
  updateTie: (area: string, id: string, body: Partial<Tie>) => request<Tie>('PATCH', one(area, 'ties', id), body),
  deleteTie: (area: string, id: string) => request<void>('DELETE', one(area, 'ties', id)),

  affiliations: (area: string, p: ListParams) => request<Page<Affiliation>>('GET', `${inArea(area)}/affiliations${query(p)}`),
  createAffiliation: (area: string, body: Partial<Affiliation>) => request<Affiliation>('POST', `${inArea(area)}/affiliations`, body),
  deleteAffiliation: (area: string, id: string) => request<void>('DELETE', one(area, 'affiliations', id)),

  users: (area: string) => request<{ items: AreaUser[] }>('GET', `${inArea(area)}/users`),
  addUser: (area: string, body: { username: string; display_name: string; role: string; person_id?: string }) =>
    request<OneTimePassword>('POST', `${inArea(area)}/users`, body),
  setUserDisabled: (area: string, username: string, disabled: boolean) =>
    request<void>('PATCH', one(area, 'users', username), { disabled }),
  grantRole: (area: string, username: string, role: string, person_id?: string) =>
    request<void>('POST', `${one(area, 'users', username)}/roles`, person_id ? { role, person_id } : { role }),
  revokeRole: (area: string, username: string, role: string) =>
    request<void>('DELETE', `${one(area, 'users', username)}/roles/${encodeURIComponent(role)}`),
  resetPassword: (area: string, username: string) =>
    request<OneTimePassword>('POST', `${one(area, 'users', username)}/password`),
  /** Checks a file (`preview`: counts, every problem, nothing written) or imports it. */
  previewImport: (area: string, format: string, file: RawBody) =>
    request<ImportPreview>('POST', `${inArea(area)}/import${query({ format, preview: true })}`, undefined, { raw: file }),
  importFile: (area: string, format: string, file: RawBody) =>
    request<ImportReport>('POST', `${inArea(area)}/import${query({ format, preview: false })}`, undefined, { raw: file }),

  me: (area: string) => request<OwnRecord>('GET', `${inArea(area)}/me`),
  changeConsent: (area: string, body: { status: 'given'; scope: string[]; revision?: number } | { status: 'withdrawn'; revision?: number }) =>
    request<{ consent: OwnRecord['consent']; revision: number }>('PATCH', `${inArea(area)}/me/consent`, body),
};

/** Where an export downloads from (a same-origin GET: the session cookie goes with it). */
export function exportUrl(area: string, format: string, part?: string): string {
  return `${inArea(area)}/export${query({ format, part })}`;
}

/** Every page of a list, for a page that needs the whole set (at most `max` records). */
export async function listAll<T>(fetchPage: (p: ListParams) => Promise<Page<T>>, max = 20000): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage({ limit: 500, cursor });
    all.push(...page.items);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined && all.length < max);
  return all;
}

/** At most this many ids a request (the API's `?ids=` limit), and this many requests at once. */
export const idsPerRequest = 200;
const requestsAtOnce = 4;

/**
 * The people of these ids that the other filters (`q`, `tag`) keep, by `…/people?ids=`,
 * 200 ids a request and four requests at once, in the order of `ids` when that is
 * register order (each answer is). Ids the register no longer holds are left out.
 */
export async function peopleByIds(area: string, ids: readonly string[], filters: ListParams = {}): Promise<Person[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += idsPerRequest) chunks.push(ids.slice(i, i + idsPerRequest));
  const answers: Person[][] = new Array(chunks.length);
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const k = next++;
      answers[k] = (await api.people(area, { ...filters, ids: (chunks[k] as string[]).join(','), limit: idsPerRequest })).items;
    }
  };
  await Promise.all(Array.from({ length: Math.min(requestsAtOnce, chunks.length) }, worker));
  return answers.flat();
}
