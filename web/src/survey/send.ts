// The outbox's way to the server: PUT …/survey/waves/{wave}/interviews/{id}
// with the batch key and the revision the device last saw. A page reloaded
// with no connection has no CSRF token; the session is asked for one first.
import { request } from '../api/client';
import { ApiError } from '../api/errors';
import { api } from '../api/routes';
import { offlineSession, session, startSession } from '../session';
import type { Conflict, InterviewStatus } from './model';
import type { Send } from './outbox';
import type { SendVisit } from './visits';

interface PutAnswer {
  interview: { revision: number; status: InterviewStatus };
  repeat: boolean;
}

// A page opened with no connection runs on the kept session: the server is
// asked for the real one (and its CSRF token) before the first send.
async function ensureToken(): Promise<void> {
  if (offlineSession.value) await startSession(await api.session());
}

export function interviewPath(area: string, wave: string, id: string): string {
  return `/api/v1/areas/${encodeURIComponent(area)}/survey/waves/${encodeURIComponent(wave)}/interviews/${encodeURIComponent(id)}`;
}

export const sendToServer: Send = async (iv, batch, baseRevision) => {
  try {
    if (session.value === null) return { kind: 'offline' };
    await ensureToken();
    const answer = await request<PutAnswer>('PUT', interviewPath(iv.area, iv.wave, iv.id), {
      batch: batch.batch,
      base_revision: baseRevision,
      ...batch.body,
    });
    return { kind: 'stored', revision: answer.interview.revision, status: answer.interview.status };
  } catch (e) {
    if (!(e instanceof ApiError)) return { kind: 'offline' };  // no connection: fetch itself failed
    if (e.status === 409 && isConflictBody(e.body)) {
      const d = e.body;
      return { kind: 'conflict', conflict: { server: d.server, differs: d.differs } };
    }
    if (e.status === 401 || e.status >= 500) return { kind: 'offline' };  // signed out or server down: try later
    return { kind: 'refused', message: e.message };
  }
};

function isConflictBody(b: unknown): b is { server: Conflict['server']; differs: string[] } {
  return typeof b === 'object' && b !== null && 'server' in b && 'differs' in b && Array.isArray((b as { differs: unknown }).differs);
}

export function visitPath(area: string, wave: string, id: string): string {
  return `/api/v1/areas/${encodeURIComponent(area)}/survey/waves/${encodeURIComponent(wave)}/visits/${encodeURIComponent(id)}`;
}

export const sendVisitToServer: SendVisit = async (v) => {
  try {
    if (session.value === null) return { kind: 'offline' };
    await ensureToken();
    await request('PUT', visitPath(v.area, v.wave, v.id), { household: v.household, outcome: v.outcome });
    return { kind: 'stored' };
  } catch (e) {
    if (!(e instanceof ApiError)) return { kind: 'offline' };
    if (e.status === 401 || e.status >= 500) return { kind: 'offline' };
    return { kind: 'refused', message: e.message };
  }
};
