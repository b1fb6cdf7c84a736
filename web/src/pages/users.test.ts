import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { formatDateTime } from '../format';
import { formError, roleWords } from './Users';

describe('the Users page', () => {
  it('says each role here in words, with the person a resident is', () => {
    expect(roleWords({ role: 'link_worker', all_areas: false, person_id: null, person_name: null })).toBe('Link worker');
    expect(roleWords({ role: 'admin', all_areas: true, person_id: null, person_name: null })).toBe('Administrator, in every area');
    expect(roleWords({ role: 'member', all_areas: false, person_id: 'pe_1', person_name: 'Ann Smith' }))
      .toBe('Resident (member), linked to Ann Smith');
    expect(roleWords({ role: 'member', all_areas: false, person_id: null, person_name: null })).toBe('Resident (member)');
  });
  it('puts a server error next to the field of this form it names', () => {
    const taken = new ApiError(409, 'conflict', 'There is already a user named ned', 'username');
    expect(formError(taken, 'new_', ['username', 'role'])).toEqual({ field: 'new_username', message: 'There is already a user named ned' });
    const other = new ApiError(403, 'forbidden', 'This account also works in another area', 'username');
    expect(formError(other, 'change_', ['role'])).toEqual({ field: null, message: 'This account also works in another area' });
  });
  it('writes the last log-in as a day and a UTC time', () => {
    expect(formatDateTime('2026-12-02T01:05:00Z')).toBe('2 December 2026 at 01:05 UTC');
    expect(formatDateTime(null)).toBe('');
  });
});
