// Typed calls of the survey routes the design and review pages use (docs/api.md,
// src/kith/api/routes.cpp add_survey_routes).
import { query, request } from '../../api/client';
import type { Assignment, Assignments, FieldworkReport, Instrument, InstrumentSummary, Mention, MentionStatus, NetcanvasImport, Resolution, Scale, Suggestions, Wave, WaveReport } from './types';

const survey = (area: string) => `/api/v1/areas/${encodeURIComponent(area)}/survey`;
const instrumentPath = (area: string, id: string) => `${survey(area)}/instruments/${encodeURIComponent(id)}`;
const wavePath = (area: string, id: string) => `${survey(area)}/waves/${encodeURIComponent(id)}`;
const mentionPath = (area: string, id: string) => `${survey(area)}/mentions/${encodeURIComponent(id)}`;

export const surveyApi = {
  scales: () => request<{ items: Scale[] }>('GET', '/api/v1/survey/scales'),
  instruments: (area: string) => request<{ items: InstrumentSummary[] }>('GET', `${survey(area)}/instruments`),
  instrument: (area: string, id: string) => request<Instrument>('GET', instrumentPath(area, id)),
  createInstrument: (area: string, name: string, definition: unknown) =>
    request<Instrument>('POST', `${survey(area)}/instruments`, { name, definition }),
  /** Saves the draft made on `revision`; refused (409, field revision) when someone else saved it since. */
  saveInstrument: (area: string, id: string, definition: unknown, revision: number) =>
    request<Instrument>('PATCH', instrumentPath(area, id), { definition, revision }),
  /** Saves the definition as shown and publishes it in one change. */
  publishInstrument: (area: string, id: string, definition: unknown, revision: number) =>
    request<Instrument>('PATCH', instrumentPath(area, id), { definition, status: 'published', revision }),

  waves: (area: string) => request<{ items: Wave[] }>('GET', `${survey(area)}/waves`),
  createWave: (area: string, body: { label: string; instrument_id: string; fieldwork_date: string }) =>
    request<Wave>('POST', `${survey(area)}/waves`, body),
  setWaveStatus: (area: string, id: string, status: 'open' | 'closed') =>
    request<Wave>('PATCH', wavePath(area, id), { status }),

  report: (area: string, wave: string) => request<WaveReport>('GET', `${wavePath(area, wave)}/report`),

  assignments: (area: string, wave: string) => request<Assignments>('GET', `${wavePath(area, wave)}/assignments`),
  /** body: fieldworkWords.assignBody's, a doors count not a whole number sent as written for the server to name. */
  assign: (area: string, wave: string, body: Record<string, unknown>) =>
    request<Assignment>('POST', `${wavePath(area, wave)}/assignments`, body),
  unassign: (area: string, wave: string, id: string) =>
    request<void>('DELETE', `${wavePath(area, wave)}/assignments/${encodeURIComponent(id)}`),
  /** A Network Canvas GraphML export as the body (docs/surveys.md, "Network Canvas interviews"). */
  importNetcanvas: (area: string, wave: string, graphml: string, q: { consent_scope: string; generator?: string; node_type?: string }) =>
    request<NetcanvasImport>('POST', `${wavePath(area, wave)}/netcanvas${query(q)}`, undefined, { raw: { text: graphml, contentType: 'application/graphml+xml' } }),
  fieldwork: (area: string, wave: string) => request<FieldworkReport>('GET', `${wavePath(area, wave)}/fieldwork`),

  mentions: (area: string, wave: string, status?: MentionStatus) =>
    request<{ items: Mention[] }>('GET', `${wavePath(area, wave)}/mentions${query({ status })}`),
  suggestions: (area: string, id: string) => request<Suggestions>('GET', `${mentionPath(area, id)}/suggestions`),
  propose: (area: string, id: string, body: { revision: number; resolution: Resolution; person_id?: string }) =>
    request<Mention>('POST', `${mentionPath(area, id)}/proposal`, body),
  review: (area: string, id: string, body: { revision: number; decision: 'confirm' | 'return' }) =>
    request<Mention>('POST', `${mentionPath(area, id)}/review`, body),
};

/** The report as CSV, one row a figure: a plain link the browser downloads. */
export const reportCsvUrl = (area: string, wave: string) => `${wavePath(area, wave)}/report?format=csv`;
