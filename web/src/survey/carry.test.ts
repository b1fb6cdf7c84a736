import { describe, expect, it } from 'vitest';
import { carriedAnswer, carriedLabel, matching, pageOf, previousRespondent, withCarried } from './carry';
import type { Bundle, CarriedName, InterviewBody, PreviousRespondent } from './model';
import { stepsOf } from './steps';

// Rita at the baseline named Mary (matched to the register as Mary Jones), Dave, and "Mrs Achebe" (left open).
const name = (mention: string, said: string, person_name: string | null = null): CarriedName => ({
  mention, generator: 'confide', said, status: person_name ? 'confirmed' : 'open', resolution: person_name ? 'person' : null,
  person_id: person_name ? `pe_${mention}` : null, person_name, tie_id: null,
});
const mary = name('mn_mary', 'Mary at number 12', 'Mary Jones');
const dave = name('mn_dave', 'Dave', 'Dave');
const achebe = name('mn_achebe', 'Mrs Achebe');
const rita: PreviousRespondent = { person_id: 'pe_rita', display_name: 'Rita Begum', household: 'Flat 3', names: [mary, dave, achebe] };
const sam: PreviousRespondent = { person_id: 'pe_sam', display_name: 'Sam Evans', household: null, names: [] };

describe('the answers about names from the wave before', () => {
  it('are sent as the server takes them: closeness only when still in touch', () => {
    expect(carriedAnswer('mn_mary', { inTouch: 'yes', closeness: 'closer' })).toEqual({ mention: 'mn_mary', in_touch: true, closeness: 'closer' });
    expect(carriedAnswer('mn_dave', { inTouch: 'no', closeness: 'closer' })).toEqual({ mention: 'mn_dave', in_touch: false });
    expect(carriedAnswer('mn_dave', { inTouch: '', closeness: 'same' })).toBeUndefined();
  });

  it('come back to their page as they were chosen', () => {
    expect(pageOf({ mention: 'mn_mary', in_touch: true, closeness: 'less_close' })).toEqual({ inTouch: 'yes', closeness: 'less_close' });
    expect(pageOf({ mention: 'mn_dave', in_touch: false })).toEqual({ inTouch: 'no', closeness: '' });
    expect(pageOf(undefined)).toEqual({ inTouch: '', closeness: '' });
  });

  it('keep the order of the wave before whatever order the pages were answered in, each name once', () => {
    let carried = withCarried(rita.names, [], 'mn_achebe', { mention: 'mn_achebe', in_touch: false });
    carried = withCarried(rita.names, carried, 'mn_mary', { mention: 'mn_mary', in_touch: true, closeness: 'same' });
    carried = withCarried(rita.names, carried, 'mn_mary', { mention: 'mn_mary', in_touch: false });
    expect(carried).toEqual([{ mention: 'mn_mary', in_touch: false }, { mention: 'mn_achebe', in_touch: false }]);
    expect(withCarried(rita.names, carried, 'mn_mary', undefined)).toEqual([{ mention: 'mn_achebe', in_touch: false }]);
  });

  it('name each person as said, with the register name when it differs', () => {
    expect(carriedLabel(mary)).toBe('Mary at number 12 (Mary Jones)');
    expect(carriedLabel(dave)).toBe('Dave');
    expect(carriedLabel(achebe)).toBe('Mrs Achebe');
  });
});

describe('a follow-up interview', () => {
  const body = (person_id?: string): InterviewBody => ({
    status: 'in_progress', language: 'en', consent: { status: 'given', scope: ['research'] }, answers: {},
    respondent: person_id ? { person_id } : { display_name: 'New person' },
  });
  const bundle = { carry: { wave_id: 'sw_2', previous_wave: { id: 'sw_1', label: 'Baseline', fieldwork_date: '2026-10-05' }, respondents: [rita, sam] } } as unknown as Bundle;

  it('asks about each name from the wave before after consent, instead of who the respondent is', () => {
    const sections = [{ kind: 'free_text' as const, key: 'help', prompt: { en: 'x' } }];
    expect(stepsOf(sections, body('pe_rita'), 3)).toEqual(['consent', 'carried-0', 'carried-1', 'carried-2', 'text-help', 'check']);
    expect(stepsOf(sections, body(), 0)).toEqual(['consent', 'respondent', 'text-help', 'check']);
  });

  it('finds its respondent in the list from the wave before', () => {
    expect(previousRespondent(bundle, body('pe_rita'))).toBe(rita);
    expect(previousRespondent(bundle, body())).toBeUndefined();
    expect(previousRespondent(bundle, body('pe_other'))).toBeUndefined();
  });

  it('chooses its respondent by searching name or household, ignoring case', () => {
    expect(matching([rita, sam], 'RITA').map((r) => r.person_id)).toEqual(['pe_rita']);
    expect(matching([rita, sam], 'flat').map((r) => r.person_id)).toEqual(['pe_rita']);
    expect(matching([rita, sam], ' evans ').map((r) => r.person_id)).toEqual(['pe_sam']);
    expect(matching([rita, sam], '')).toHaveLength(2);
    expect(matching([rita, sam], 'nobody')).toEqual([]);
  });
});
