import { describe, expect, it } from 'vitest';
import { needsCsrf, query } from './client';

describe('query', () => {
  it('leaves out unset values and encodes the rest', () => {
    expect(query({ q: 'Ann & Bo', tag: '', cursor: undefined, limit: 50, kind: null })).toBe('?q=Ann+%26+Bo&limit=50');
    expect(query({})).toBe('');
  });
});

describe('needsCsrf', () => {
  it('is true for every method that changes something', () => {
    expect(['GET', 'POST', 'PATCH', 'DELETE'].map((m) => needsCsrf(m as 'GET'))).toEqual([false, true, true, true]);
  });
});
