import { describe, expect, it } from 'vitest';
import type { Batch, InterviewBody, LocalInterview } from './model';
import { conflictValues, type InterviewStore, queued, resolved, save, sendAll, sendInterview, type Send, type SendResult } from './outbox';

// A store as IndexedDB keeps it: a copy in, a copy out.
function memoryStore(): InterviewStore & { rows: Map<string, LocalInterview> } {
  const rows = new Map<string, LocalInterview>();
  return {
    rows,
    get: async (id) => (rows.has(id) ? structuredClone(rows.get(id)) : undefined),
    put: async (iv) => void rows.set(iv.id, structuredClone(iv)),
    all: async () => [...rows.values()].map((r) => structuredClone(r)),
  };
}

// The server's rules for PUT …/interviews/{id}, written from docs/api.md and
// surveys.cpp's put_in, not from the outbox: a batch key seen before is a
// repeat (nothing changes); a base revision other than the stored one is a
// conflict; otherwise the revision goes up by one. `lose` drops the answer
// of the next n sends after the server has acted on them.
function fakeServer() {
  const stored = new Map<string, { revision: number; body: InterviewBody; batches: Set<string> }>();
  let lose = 0;
  let offline = false;
  const calls: { batch: string; base: number }[] = [];
  const send: Send = async (iv, batch, base): Promise<SendResult> => {
    calls.push({ batch: batch.batch, base });
    if (offline) return { kind: 'offline' };
    const row = stored.get(iv.id);
    let result: SendResult;
    if (row && row.batches.has(batch.batch)) result = { kind: 'stored', revision: row.revision, status: row.body.status };
    else if ((row?.revision ?? 0) !== base) {
      const r = row as NonNullable<typeof row>;
      result = { kind: 'conflict', conflict: { server: { revision: r.revision, ...r.body }, differs: ['answers.text.help'] } };
    } else {
      const next = { revision: (row?.revision ?? 0) + 1, body: structuredClone(batch.body), batches: new Set([...(row?.batches ?? []), batch.batch]) };
      stored.set(iv.id, next);
      result = { kind: 'stored', revision: next.revision, status: next.body.status };
    }
    if (lose > 0) {
      lose -= 1;
      return { kind: 'offline' };
    }
    return result;
  };
  return {
    send, stored, calls,
    loseNext: (n: number) => { lose = n; },
    setOffline: (v: boolean) => { offline = v; },
  };
}

const body = (text: string, status: InterviewBody['status'] = 'in_progress'): InterviewBody => ({
  status, language: 'en', respondent: { display_name: 'Gwen' }, consent: { status: 'given', scope: ['research'] }, answers: { text: { help: text } },
});

function fresh(id = 'iv-0000000000000001'): LocalInterview {
  return { id, area: 'ar_1', wave: 'wv_1', startedAt: '2026-12-02T10:00:00Z', revision: 0, body: body(''), outbox: [], conflict: null, problem: null, step: 'consent' };
}

describe('the outbox', () => {
  it('keeps every page saved on the device, with the page reached, so the interview resumes', async () => {
    const store = memoryStore();
    let iv = fresh();
    iv = await save(store, iv, body('a'), 'respondent');
    iv = await save(store, iv, body('ab'), 'names-confide');
    const kept = await store.get(iv.id);
    expect(kept?.step).toBe('names-confide');
    expect(kept?.body.answers.text?.help).toBe('ab');
  });

  it('replaces a copy not yet tried by the newer one, but keeps one already tried', () => {
    let iv = queued(fresh(), body('a'), 'batch-aaaaaaaaaaaaaaaa');
    iv = queued(iv, body('ab'), 'batch-bbbbbbbbbbbbbbbb');
    expect(iv.outbox.map((b) => b.batch)).toEqual(['batch-bbbbbbbbbbbbbbbb']);
    iv = { ...iv, outbox: [{ ...(iv.outbox[0] as Batch), tried: true }] };
    iv = queued(iv, body('abc'), 'batch-cccccccccccccccc');
    expect(iv.outbox.map((b) => b.batch)).toEqual(['batch-bbbbbbbbbbbbbbbb', 'batch-cccccccccccccccc']);
  });

  it('sends waiting copies in order, each on the revision the last answer gave', async () => {
    const store = memoryStore();
    const server = fakeServer();
    let iv = queued(fresh(), body('a'), 'batch-aaaaaaaaaaaaaaaa');
    iv = { ...iv, outbox: [{ ...(iv.outbox[0] as Batch), tried: true }] };
    iv = queued(iv, body('ab', 'completed'), 'batch-bbbbbbbbbbbbbbbb');
    await store.put(iv);
    const after = await sendInterview(store, iv.id, server.send);
    expect(server.calls).toEqual([{ batch: 'batch-aaaaaaaaaaaaaaaa', base: 0 }, { batch: 'batch-bbbbbbbbbbbbbbbb', base: 1 }]);
    expect(after?.outbox).toEqual([]);
    expect(after?.revision).toBe(2);
    expect(server.stored.get(iv.id)?.body.status).toBe('completed');
    // Once the server holds the finished interview, the device forgets its answers.
    const kept = await store.get(iv.id);
    expect(kept?.body.answers).toEqual({});
    expect(kept?.body.respondent).toEqual({ display_name: 'Gwen' });
  });

  it('keeps the answers of an interview still in progress after sending', async () => {
    const store = memoryStore();
    const server = fakeServer();
    await store.put(queued(fresh(), body('half'), 'batch-aaaaaaaaaaaaaaaa'));
    await sendAll(store, server.send);
    expect((await store.get('iv-0000000000000001'))?.body.answers).toEqual({ text: { help: 'half' } });
  });

  it('resends a batch whose answer was lost with the same key, and the server keeps one interview', async () => {
    const store = memoryStore();
    const server = fakeServer();
    const iv = queued(fresh(), body('done', 'completed'), 'batch-aaaaaaaaaaaaaaaa');
    await store.put(iv);
    server.loseNext(1);
    const first = await sendInterview(store, iv.id, server.send);
    expect(first?.outbox.map((b) => [b.batch, b.tried])).toEqual([['batch-aaaaaaaaaaaaaaaa', true]]);
    // The researcher saves nothing new; the connection returns and the outbox runs twice.
    await sendAll(store, server.send);
    await sendAll(store, server.send);
    expect(server.calls.map((c) => c.batch)).toEqual(['batch-aaaaaaaaaaaaaaaa', 'batch-aaaaaaaaaaaaaaaa']);
    expect(server.stored.size).toBe(1);
    expect(server.stored.get(iv.id)?.revision).toBe(1);
    expect((await store.get(iv.id))?.outbox).toEqual([]);
  });

  it('a later save does not merge away a batch that may have arrived', async () => {
    const store = memoryStore();
    const server = fakeServer();
    let iv = queued(fresh(), body('a'), 'batch-aaaaaaaaaaaaaaaa');
    await store.put(iv);
    server.loseNext(1);
    iv = (await sendInterview(store, iv.id, server.send)) as LocalInterview;
    iv = await save(store, iv, body('ab'), 'check');
    await sendInterview(store, iv.id, server.send);
    // Second try of batch a is a repeat (revision 1), then b goes on revision 1: no conflict.
    expect(server.calls).toEqual([
      { batch: 'batch-aaaaaaaaaaaaaaaa', base: 0 },
      { batch: 'batch-aaaaaaaaaaaaaaaa', base: 0 },
      { batch: expect.any(String), base: 1 },
    ]);
    const kept = await store.get(iv.id);
    expect(kept?.conflict).toBeNull();
    expect(server.stored.get(iv.id)?.body.answers.text?.help).toBe('ab');
  });

  it('stops at no connection and leaves the copy waiting', async () => {
    const store = memoryStore();
    const server = fakeServer();
    server.setOffline(true);
    await store.put(queued(fresh(), body('a'), 'batch-aaaaaaaaaaaaaaaa'));
    await sendAll(store, server.send);
    expect((await store.get('iv-0000000000000001'))?.outbox).toHaveLength(1);
    expect(server.stored.size).toBe(0);
  });

  it('on a conflict keeps both copies and sends nothing until the researcher chooses', async () => {
    const store = memoryStore();
    const server = fakeServer();
    const id = 'iv-0000000000000001';
    server.stored.set(id, { revision: 3, body: body('from the other device'), batches: new Set(['batch-other-device-0001']) });
    await store.put(queued(fresh(id), body('from this device'), 'batch-aaaaaaaaaaaaaaaa'));
    await sendAll(store, server.send);
    await sendAll(store, server.send);
    const iv = (await store.get(id)) as LocalInterview;
    expect(server.calls).toHaveLength(1);
    expect(iv.conflict?.differs).toEqual(['answers.text.help']);
    expect(conflictValues(iv, 'answers.text.help')).toEqual({ device: 'from this device', server: 'from the other device' });
    expect(server.stored.get(id)?.body.answers.text?.help).toBe('from the other device');

    const keepServer = resolved(iv, new Set(['answers.text.help']), 'batch-resolved-000001');
    expect(keepServer.body.answers.text?.help).toBe('from the other device');
    expect(keepServer.body.respondent).toEqual({ display_name: 'Gwen' });
    const keepDevice = resolved(iv, new Set(), 'batch-resolved-000002');
    expect(keepDevice.body.answers.text?.help).toBe('from this device');
    await store.put(keepDevice);
    await sendAll(store, server.send);
    expect(server.calls[server.calls.length - 1]).toEqual({ batch: 'batch-resolved-000002', base: 3 });
    expect(server.stored.get(id)?.revision).toBe(4);
    expect(server.stored.get(id)?.body.answers.text?.help).toBe('from this device');
  });

  it('a refusal the server gives is kept as a problem, not retried', async () => {
    const store = memoryStore();
    let tries = 0;
    const refuse: Send = async () => { tries += 1; return { kind: 'refused', message: 'This wave is closed' }; };
    await store.put(queued(fresh(), body('a'), 'batch-aaaaaaaaaaaaaaaa'));
    await sendAll(store, refuse);
    await sendAll(store, refuse);
    expect(tries).toBe(1);
    expect((await store.get('iv-0000000000000001'))?.problem).toBe('This wave is closed');
  });
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('a save made while the run is sending another interview is sent by a second run, not left waiting', async () => {
    const store = memoryStore();
    const server = fakeServer();
    let held: (() => void) | null = null;
    // The second interview's send waits on a slow connection.
    const send: Send = async (iv, batch, base) => {
      if (iv.id.endsWith('2')) await new Promise<void>((go) => { held = go; });
      return server.send(iv, batch, base);
    };
    let first = await save(store, fresh('iv-0000000000000001'), body('consent'), 'check');
    await save(store, fresh('iv-0000000000000002'), body('other'), 'check');
    const run = sendAll(store, send);
    while (held === null) await tick();
    // The first interview has been sent; the researcher now records the refusal.
    expect(server.stored.get(first.id)?.revision).toBe(1);
    first = await save(store, first, body('', 'refused'), 'done');
    const again = sendAll(store, send);
    (held as () => void)();
    await Promise.all([run, again]);
    expect((await store.get(first.id))?.outbox).toEqual([]);
    expect(server.stored.get(first.id)?.body.status).toBe('refused');
  });

  it('a save from a page that read the copy before an answer queues on the revision the server gave', async () => {
    const store = memoryStore();
    const server = fakeServer();
    const page = await save(store, fresh(), body('a'), 'names-confide');
    await sendAll(store, server.send);
    expect((await store.get(page.id))?.revision).toBe(1);
    // The page still holds revision 0 and the first batch untried.
    await save(store, page, body('ab'), 'check');
    await sendAll(store, server.send);
    const kept = await store.get(page.id);
    expect(kept?.conflict).toBeNull();
    expect(kept?.revision).toBe(2);
    expect(server.stored.get(page.id)?.body.answers.text?.help).toBe('ab');
  });

  it('a save that lands while the answer is applied is not lost', async () => {
    const inner = memoryStore();
    const server = fakeServer();
    const page = await save(inner, fresh(), body('a'), 'names-confide');
    // The store reads a copy at once but hands it back late, so the outbox's
    // read after the answer and the researcher's save overlap.
    const store: InterviewStore = {
      ...inner,
      get: async (id) => {
        const copy = await inner.get(id);
        await new Promise((r) => setTimeout(r, 5));
        return copy;
      },
    };
    const run = sendAll(store, server.send);
    while (server.calls.length === 0) await tick();
    await save(store, page, body('ab'), 'check');
    await run;
    await sendAll(store, server.send);
    expect(server.stored.get(page.id)?.body.answers.text?.help).toBe('ab');
    expect((await inner.get(page.id))?.outbox).toEqual([]);
  });
});
