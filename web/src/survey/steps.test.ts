import { describe, expect, it } from 'vitest';
import type { InterviewBody, Section } from './model';
import { nextStep, previousStep, sectionOfStep, stepsOf } from './steps';

// The demo instrument's shape (src/kith/domain/demo/demo_survey.cpp), shortened.
const w = { en: 'x' };
const sections: Section[] = [
  { kind: 'name_generator', key: 'confide', prompt: w, max_names: 5, interpreters: ['relationship', 'closeness'] },
  { kind: 'name_generator', key: 'weekly', prompt: w, max_names: 5, interpreters: [] },
  { kind: 'roster', key: 'groups', of: 'groups', prompt: w, ask_frequency: true },
  { kind: 'scale', scale: 'ucla3' },
  { kind: 'demographics', fields: ['birth_band'] },
  { kind: 'free_text', key: 'help', prompt: w },
];
const body = (over: Partial<InterviewBody>): InterviewBody => ({ status: 'in_progress', language: 'en', respondent: null, consent: { status: 'given', scope: [] }, answers: {}, ...over });

describe('the interview pages', () => {
  it('are consent, respondent, each section in order with a page per name asked about, then check', () => {
    const two = body({ answers: { names: { confide: [{ said: 'Mary' }, { said: 'Dave' }], weekly: [{ said: 'Sue' }] } } });
    expect(stepsOf(sections, two)).toEqual([
      'consent', 'respondent', 'names-confide', 'person-confide-0', 'person-confide-1', 'names-weekly',
      'roster-groups', 'scale-ucla3', 'demographics', 'text-help', 'check',
    ]);
  });

  it('after a refusal go straight to checking', () => {
    expect(stepsOf(sections, body({ consent: { status: 'refused', scope: [] } }))).toEqual(['consent', 'check']);
  });

  it('move on and back, and name the section of a page', () => {
    const steps = stepsOf(sections, body({}));
    expect(nextStep(steps, 'names-confide')).toBe('names-weekly');
    expect(nextStep(steps, 'check')).toBe('check');
    expect(previousStep(steps, 'consent')).toBeNull();
    expect(previousStep(steps, 'respondent')).toBe('consent');
    expect(sectionOfStep(sections, 'person-confide-1')).toEqual({ section: sections[0], person: 1 });
    expect(sectionOfStep(sections, 'scale-ucla3')).toEqual({ section: sections[3] });
    expect(sectionOfStep(sections, 'nothing')).toBeNull();
  });
});
