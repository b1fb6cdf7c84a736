// Doorstep visits that did not become an interview (docs/surveys.md,
// "Fieldwork"): kept on the device first, like interviews, and sent when the
// browser is online. The device's key is the visit's id on the server, so a
// visit whose answer was lost is sent again as it was and recorded once.
import { newKey } from './model';

export type VisitOutcome = 'no_answer' | 'call_back' | 'not_eligible';
export const visitOutcomes: readonly VisitOutcome[] = ['no_answer', 'call_back', 'not_eligible'];

export interface LocalVisit {
  id: string;
  area: string;
  wave: string;
  household: string;
  outcome: VisitOutcome;
  recordedAt: string;
  sent: boolean;
  /** The server refused it (the message says why): it is not sent again. */
  problem: string | null;
}

/** Where visits are kept on the device (IndexedDB in the browser, a Map in tests). */
export interface VisitStore {
  put(v: LocalVisit): Promise<void>;
  all(): Promise<LocalVisit[]>;
}

export type VisitSendResult = { kind: 'stored' } | { kind: 'refused'; message: string } | { kind: 'offline' };
export type SendVisit = (v: LocalVisit) => Promise<VisitSendResult>;

/** A new visit, or the field that is missing ("household", "outcome"). */
export function newVisit(area: string, wave: string, household: string, outcome: string): LocalVisit | { missing: 'household' | 'outcome' } {
  const h = household.trim().replace(/\s+/g, ' ');
  if (h === '') return { missing: 'household' };
  if (!visitOutcomes.includes(outcome as VisitOutcome)) return { missing: 'outcome' };
  return { id: newKey(), area, wave, household: h, outcome: outcome as VisitOutcome, recordedAt: new Date().toISOString(), sent: false, problem: null };
}

/** Sends every visit not yet sent, oldest first, until the connection is gone. */
export async function sendVisits(store: VisitStore, send: SendVisit): Promise<void> {
  const waiting = (await store.all()).filter((v) => !v.sent && v.problem === null).sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  for (const v of waiting) {
    const result = await send(v);
    if (result.kind === 'offline') return;
    await store.put(result.kind === 'stored' ? { ...v, sent: true } : { ...v, problem: result.message });
  }
}
