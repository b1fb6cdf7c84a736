import { describe, expect, it } from 'vitest';
import { ApiError, errorFromBody, messageFor } from './errors';

describe('errorFromBody', () => {
  it('reads the API error shape, field and line included', () => {
    const e = errorFromBody(400, { error: { code: 'invalid', message: 'Enter a closeness from 1 to 5', field: 'closeness', line: 7 } });
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code, e.message, e.field, e.line]).toEqual([400, 'invalid', 'Enter a closeness from 1 to 5', 'closeness', 7]);
  });
  it('treats a null field as none', () => {
    const e = errorFromBody(401, { error: { code: 'unauthenticated', field: null, message: 'The username or password is wrong' } });
    expect(e.field).toBeNull();
    expect(e.message).toBe('The username or password is wrong');
  });
  it('gives a plain message when the body is not the API shape', () => {
    expect(errorFromBody(503, null).message).toBe('The service is busy. Try again in a moment.');
    expect(errorFromBody(502, '<html>').message).toBe('Something went wrong (HTTP 502). Try again.');
    expect(errorFromBody(502, '<html>').code).toBe('http_502');
  });
});

describe('messageFor', () => {
  it('says what to do on a stale revision', () => {
    const e = new ApiError(409, 'conflict', 'revision 3 is stale');
    expect(messageFor(e)).toMatch(/^Someone else changed this record/);
  });
  it('reads the server\'s own stale-revision answer, which names the field revision, as stale', () => {
    const e = errorFromBody(409, { error: { code: 'conflict', field: 'revision', message: 'This record was changed by someone else; reload it and try again' } });
    expect(messageFor(e)).toMatch(/^Someone else changed this record/);
  });
  it('keeps the server message for a conflict on a field', () => {
    const e = new ApiError(409, 'conflict', 'That external id is already used in this area', 'external_id');
    expect(messageFor(e)).toBe('That external id is already used in this area');
  });
  it('names a network failure in plain words', () => {
    expect(messageFor(new TypeError('Failed to fetch'))).toBe('The server could not be reached. Check your connection and try again.');
  });
});
