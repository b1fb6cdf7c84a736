// Sending interviews: every save puts a full copy of the interview in its
// outbox under a new batch key, and the outbox sends them in order when the
// browser is online. The server treats a batch key it has seen as done
// (docs/api.md, "Surveys"), so a batch whose answer was lost is sent again
// as it was, key and all, and never makes a second interview. A batch not
// yet tried is replaced by a newer copy: only the latest needs to go.
// A conflict (the interview changed on another device) stops the sending
// until the researcher chooses what to keep.
import type { Batch, Conflict, InterviewBody, LocalInterview } from './model';
import { newKey } from './model';

/** Where interviews are kept on the device (IndexedDB in the browser, a Map in tests). */
export interface InterviewStore {
  get(id: string): Promise<LocalInterview | undefined>;
  put(iv: LocalInterview): Promise<void>;
  all(): Promise<LocalInterview[]>;
}

/** The server's answer to one PUT, as the outbox needs it. */
export type SendResult =
  | { kind: 'stored'; revision: number; status: string }
  | { kind: 'conflict'; conflict: Conflict }
  | { kind: 'refused'; message: string }
  | { kind: 'offline' };

export type Send = (iv: LocalInterview, batch: Batch, baseRevision: number) => Promise<SendResult>;

/** The interview with `body` saved and queued: untried copies are dropped for it. */
export function queued(iv: LocalInterview, body: InterviewBody, batchKey: string = newKey()): LocalInterview {
  const kept = iv.outbox.filter((b) => b.tried);
  return { ...iv, body, outbox: [...kept, { batch: batchKey, body, tried: false }] };
}

/**
 * Read-modify-write of the device copy, one at a time in this page. A save
 * and the outbox's update after an answer both read the copy and write it
 * back; interleaved, one would overwrite the other and lose a batch (or put
 * back a revision the server has moved past, which it then calls a conflict).
 */
let lastWrite: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(change: () => Promise<T>): Promise<T> {
  const run = lastWrite.then(change, change);
  lastWrite = run.catch(() => undefined);
  return run;
}

/**
 * Saves the interview's new copy (and the page reached) on the device and
 * queues it to send. The page's copy may be older than the device's (the
 * outbox may have sent a batch since the page read it), so the new body is
 * queued on the device's copy: its revision and batches already tried.
 */
export function save(store: InterviewStore, iv: LocalInterview, body: InterviewBody, step: string): Promise<LocalInterview> {
  return oneAtATime(async () => {
    const current = (await store.get(iv.id)) ?? iv;
    const next = { ...queued(current, body), step };
    await store.put(next);
    return next;
  });
}

/**
 * Sends one interview's waiting batches in order, keeping the device copy up
 * to date after each answer, until the outbox is empty, the connection is
 * gone, or the server refuses or reports a conflict.
 */
export async function sendInterview(store: InterviewStore, id: string, send: Send): Promise<LocalInterview | undefined> {
  let iv = await oneAtATime(() => markHeadTried(store, id));
  while (iv && iv.outbox.length > 0 && !iv.conflict && !iv.problem) {
    const head = iv.outbox[0] as Batch;
    const result = await send(iv, head, iv.revision);
    if (result.kind === 'offline') return store.get(id);
    // The device copy may have been saved again while the request was out:
    // the answer is applied to the copy as it is now, and the next batch marked.
    iv = await oneAtATime(async () => {
      const now = await store.get(id);
      if (!now) return undefined;
      await store.put(applied(now, head, result));
      return markHeadTried(store, id);
    });
  }
  if (iv && isFinishedAndSent(iv)) {
    return oneAtATime(async () => {
      const now = await store.get(id);
      if (!now || !isFinishedAndSent(now)) return now;
      const emptied = withoutAnswers(now);
      await store.put(emptied);
      return emptied;
    });
  }
  return iv;
}

/** The device copy with its first waiting batch marked as tried (so a newer save keeps it), if it can be sent. */
async function markHeadTried(store: InterviewStore, id: string): Promise<LocalInterview | undefined> {
  const iv = await store.get(id);
  if (!iv || iv.outbox.length === 0 || iv.conflict || iv.problem) return iv;
  const head = iv.outbox[0] as Batch;
  if (head.tried) return iv;
  const marked = { ...iv, outbox: [{ ...head, tried: true }, ...iv.outbox.slice(1)] };
  await store.put(marked);
  return marked;
}

/** The server's answer to one batch, applied to the device copy. */
function applied(now: LocalInterview, head: Batch, result: Exclude<SendResult, { kind: 'offline' }>): LocalInterview {
  if (result.kind === 'stored') return { ...now, revision: result.revision, outbox: now.outbox.filter((b) => b.batch !== head.batch) };
  if (result.kind === 'conflict') return { ...now, conflict: result.conflict };
  return { ...now, problem: result.message };
}

function isFinishedAndSent(iv: LocalInterview): boolean {
  return iv.body.status !== 'in_progress' && iv.outbox.length === 0 && !iv.conflict && !iv.problem;
}

/**
 * A finished interview the server holds keeps no answers on the device: they
 * are about a vulnerable person, and a phone is easily lost. Its respondent's
 * name stays, for the researcher's list of interviews sent.
 */
export function withoutAnswers(iv: LocalInterview): LocalInterview {
  return { ...iv, body: { ...iv.body, answers: {}, consent: iv.body.consent ? { ...iv.body.consent, scope: [] } : null } };
}

/** Sends every interview on the device that has something waiting. One run at a time. */
// A call while a run is out asks for one more run after it: the run may
// already have passed the interview just saved, and that batch would
// otherwise wait for the next save or the next time the connection returns.
let running: Promise<void> | null = null;
let runAgain = false;
export function sendAll(store: InterviewStore, send: Send): Promise<void> {
  if (running) {
    runAgain = true;
    return running;
  }
  running = (async () => {
    try {
      do {
        runAgain = false;
        for (const iv of await store.all()) {
          if (iv.outbox.length > 0 && !iv.conflict && !iv.problem) await sendInterview(store, iv.id, send);
        }
      } while (runAgain);
    } finally {
      running = null;
    }
  })();
  return running;
}

/** The fields a conflict names, as the body's parts: "answers.scales.ucla3" → ["answers", "scales", "ucla3"]. */
function partsOf(field: string): string[] {
  return field.split('.');
}

function valueAt(obj: unknown, path: readonly string[]): unknown {
  let v: unknown = obj;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function withValue<T>(obj: T, path: readonly string[], value: unknown): T {
  if (path.length === 0) return value as T;
  const [head, ...rest] = path as [string, ...string[]];
  const base = (obj !== null && typeof obj === 'object' ? obj : {}) as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...base };
  const inner = withValue(base[head], rest, value);
  if (inner === undefined || inner === null) delete copy[head];
  else copy[head] = inner;
  return copy as T;
}

/** A differing field's value in the device's copy and the server's. */
export function conflictValues(iv: LocalInterview, field: string): { device: unknown; server: unknown } {
  const path = partsOf(field);
  return { device: valueAt(iv.body, path), server: iv.conflict ? valueAt(iv.conflict.server, path) : undefined };
}

/**
 * The researcher's choice on a conflict: for each differing field, the
 * device's value or the server's. The result is queued on top of the
 * server's revision, so the server takes it as the next change.
 */
export function resolved(iv: LocalInterview, keepServer: ReadonlySet<string>, batchKey: string = newKey()): LocalInterview {
  if (!iv.conflict) return iv;
  let body = iv.body;
  for (const field of iv.conflict.differs) {
    if (!keepServer.has(field)) continue;
    body = withValue(body, partsOf(field), valueAt(iv.conflict.server, partsOf(field)));
  }
  const base = { ...iv, revision: iv.conflict.server.revision, conflict: null, outbox: [] };
  return queued(base, body, batchKey);
}
