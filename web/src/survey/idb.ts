// The device's survey store in IndexedDB: wave bundles, the scales, the
// area's wave list, the interviews and the doorstep visits. Kept apart from the server's answers
// so that a page reloaded with no connection still has all it needs.
import type { Bundle, LocalInterview, Scale, Wave } from './model';
import type { InterviewStore } from './outbox';
import type { LocalVisit, VisitStore } from './visits';

const DB_NAME = 'kith-survey';
// Version 2 added the doorstep visits; opening creates whichever store is missing.
const DB_VERSION = 2;
const STORES = ['bundles', 'scales', 'waves', 'interviews', 'visits'] as const;
type StoreName = (typeof STORES)[number];

let opened: Promise<IDBDatabase> | null = null;

function db(): Promise<IDBDatabase> {
  if (!opened) {
    opened = new Promise((done, fail) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        for (const name of STORES) if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name);
      };
      req.onsuccess = () => done(req.result);
      req.onerror = () => fail(req.error);
    });
  }
  return opened;
}

async function run<T>(name: StoreName, mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const d = await db();
  return new Promise((done, fail) => {
    const tx = d.transaction(name, mode);
    const req = op(tx.objectStore(name));
    tx.oncomplete = () => done(req.result as T);
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error);
  });
}

const getOne = <T>(name: StoreName, key: string) => run<T | undefined>(name, 'readonly', (s) => s.get(key));
const putOne = (name: StoreName, key: string, value: unknown) => run<void>(name, 'readwrite', (s) => s.put(value, key));
const getAll = <T>(name: StoreName) => run<T[]>(name, 'readonly', (s) => s.getAll());

export const deviceStore = {
  bundle: (wave: string) => getOne<Bundle>('bundles', wave),
  putBundle: (b: Bundle) => putOne('bundles', b.id, b),
  scales: () => getOne<Scale[]>('scales', 'all'),
  putScales: (s: Scale[]) => putOne('scales', 'all', s),
  waves: (area: string) => getOne<Wave[]>('waves', area),
  putWaves: (area: string, w: Wave[]) => putOne('waves', area, w),
};

export const interviewStore: InterviewStore = {
  get: (id) => getOne<LocalInterview>('interviews', id),
  put: (iv) => putOne('interviews', iv.id, iv),
  all: () => getAll<LocalInterview>('interviews'),
};

export const visitStore: VisitStore = {
  put: (v) => putOne('visits', v.id, v),
  all: () => getAll<LocalVisit>('visits'),
};
