// The API's one error shape, {"error":{"code","message","field","line"}}, as a typed
// error, so a form can show the message next to the field the server names. A
// refused import adds every row's problem (`errors`, `errors_total`).
import type { ImportProblem } from './types';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null = null,
    readonly line: number | null = null,
    /** A refused import's problems, as listed, and how many there are in all. */
    readonly problems: ImportProblem[] | null = null,
    readonly problemsTotal: number | null = null,
    /** The whole answer, for the routes that add to the error (a survey conflict's server copy). */
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const fallbackMessages: Record<number, string> = {
  401: 'Your session has ended. Sign in again.',
  403: 'Your role does not allow this.',
  404: 'No such record in an area you hold a role in.',
  409: 'Someone else changed this record. Reload the page to see their change, then make yours again.',
  429: 'Too many requests. Wait a minute and try again.',
  503: 'The service is busy. Try again in a moment.',
};

/** Reads an error answer's body (parsed JSON, or anything else) into an ApiError. */
export function errorFromBody(status: number, body: unknown): ApiError {
  const err = isRecord(body) && isRecord(body.error) ? body.error : null;
  const code = err && typeof err.code === 'string' ? err.code : `http_${status}`;
  const message =
    err && typeof err.message === 'string' && err.message !== ''
      ? err.message
      : fallbackMessages[status] ?? `Something went wrong (HTTP ${status}). Try again.`;
  const field = err && typeof err.field === 'string' && err.field !== '' ? err.field : null;
  const line = err && typeof err.line === 'number' ? err.line : null;
  const problems = err && Array.isArray(err.errors) ? err.errors.filter(isProblem) : null;
  const total = err && typeof err.errors_total === 'number' ? err.errors_total : problems ? problems.length : null;
  return new ApiError(status, code, message, field, line, problems, total, body);
}

/**
 * A stale revision: kith answers 409 `conflict` naming the field `revision`
 * ("This record was changed by someone else; …"); a conflict naming another
 * field (an external id already used) is not one.
 */
export function isStaleRevision(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.code === 'conflict' && (error.field === null || error.field === 'revision');
}

/** A conflict on a PATCH means a stale revision: the page must say what to do. */
export function messageFor(error: unknown): string {
  if (error instanceof ApiError) {
    if (isStaleRevision(error)) {
      return 'Someone else changed this record since you opened it. Reload the page to see their change, then make yours again.';
    }
    return error.message;
  }
  if (error instanceof TypeError) return 'The server could not be reached. Check your connection and try again.';
  return error instanceof Error ? error.message : String(error);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isProblem(v: unknown): v is ImportProblem {
  return isRecord(v) && typeof v.reason === 'string';
}
