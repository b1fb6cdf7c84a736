import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { inVersionOrder } from './Instruments';
import { saveError, staleDraft } from './InstrumentPage';
import { reviewError } from './ReviewMention';
import type { InstrumentSummary } from './types';

describe('the designer’s errors', () => {
  it('puts a refused definition against the field it names, with the section’s number', () => {
    const e = new ApiError(400, 'invalid', 'Enter how many names to ask for, from 1 to 20', 'definition.sections[0].max_names');
    expect(saveError(e, [{ kind: 'name_generator' }])).toEqual({ field: 'sections.0.max_names', message: 'Section 1: Enter how many names to ask for, from 1 to 20' });
  });
  it('shows a conflict (a published instrument) in the summary alone', () => {
    const e = new ApiError(409, 'conflict', 'This instrument is published and cannot change; make a new version instead', 'status');
    expect(saveError(e, [])).toEqual({ field: null, message: 'This instrument is published and cannot change; make a new version instead' });
  });
  it('says a draft saved by someone else since was not overwritten, and what to do', () => {
    const e = new ApiError(409, 'conflict', 'This record was changed by someone else; reload it and try again', 'revision');
    expect(saveError(e, [])).toEqual({ field: null, message: staleDraft });
    expect(staleDraft).toMatch(/^Someone else saved this draft since you opened it, so your changes were not saved\. Reload the page/);
  });
});

describe('the review’s errors', () => {
  it('says in words why the proposer cannot review', () => {
    const e = new ApiError(403, 'forbidden', 'Someone other than the researcher who proposed it must review it', 'decision');
    expect(reviewError(e)).toBe('You proposed this, so you cannot confirm it or send it back. Another researcher must review it.');
  });
});

describe('the instruments list', () => {
  const row = (name: string, version: number): InstrumentSummary => ({
    id: `si_${name}${version}`, area_id: 'ar_1', name, version, revision: 1, status: 'draft', created_by: 'r', created_at: '', updated_at: '', published_at: null,
  });
  it('keeps the versions of a name together, the newest first', () => {
    const sorted = inVersionOrder([row('Street ties', 1), row('Baseline', 1), row('Street ties', 3), row('Street ties', 2)]);
    expect(sorted.map((r) => `${r.name} ${r.version}`)).toEqual(['Baseline 1', 'Street ties 3', 'Street ties 2', 'Street ties 1']);
  });
});
