import { describe, expect, it } from 'vitest';
import { fitWords, interpreterPhrases, reasonSentence, resolutionWords, saidWords, turnOf } from './mentionWords';
import type { Mention } from './types';

function mention(over: Partial<Mention>): Mention {
  return {
    id: 'sm_1', wave_id: 'wv_1', interview_id: 'iv_1', respondent_id: 'pe_r', generator: 'confide', position: 0,
    said: 'Mary at number 12', interpreters: {}, status: 'open', resolution: null, person_id: null, tie_id: null,
    proposed_by: null, confirmed_by: null, revision: 1, updated_at: '2026-12-02T10:00:00Z', ...over,
  };
}

describe('suggestions in words', () => {
  // docs/surveys.md's rule, score = 0.6 × N + 0.4 × context, worked by hand: a full name said exactly, nothing
  // else, 0.6; a first name alone 0.6 × 0.7 = 0.42; "Mary at number 12" on the respondent's street
  // 0.42 + 0.4 × (0.25 + 0.4) = 0.68; a full name with its street and number said 0.6 + 0.4 × (0.4 + 0.4) = 0.92.
  it.each([[0.92, 'Strong match'], [0.75, 'Strong match'], [0.68, 'Good match'], [0.6, 'Good match'], [0.42, 'Possible match'], [0.35, 'Possible match']])(
    'a score of %s is a %s', (score, words) => expect(fitWords(score)).toBe(words),
  );
  it('writes each reason as a sentence', () => {
    expect(reasonSentence('same street as the respondent (Elm Road)')).toBe('Same street as the respondent (Elm Road)');
    expect(reasonSentence('first name matches; only a first name was given')).toBe('First name matches; only a first name was given');
  });
});

describe('the queue', () => {
  it('lets nobody review their own proposal', () => {
    expect(turnOf(mention({}), 'ana')).toBe('propose');
    expect(turnOf(mention({ status: 'proposed', proposed_by: 'ana' }), 'ana')).toBe('own_proposal');
    expect(turnOf(mention({ status: 'proposed', proposed_by: 'ana' }), 'ben')).toBe('review');
    expect(turnOf(mention({ status: 'confirmed', proposed_by: 'ana', confirmed_by: 'ben' }), 'ana')).toBe('decided');
  });
  it('says what was proposed, and that a new person is held under a pseudonym', () => {
    expect(resolutionWords(mention({ status: 'proposed', resolution: 'person', person_name: 'Mary Okafor' }))).toBe('Mary Okafor in the register');
    expect(resolutionWords(mention({ status: 'proposed', resolution: 'new_person' }))).toBe('A new person, held under a pseudonym until they consent');
    expect(resolutionWords(mention({ status: 'confirmed', resolution: 'new_person', person_name: 'A.' }))).toBe('A new person, held as “A.” until they consent');
    expect(resolutionWords(mention({ status: 'confirmed', resolution: 'unresolved' }))).toBe('Nobody yet: left unresolved');
    expect(resolutionWords(mention({}))).toBe('Nothing proposed yet');
  });
  it('says what the respondent said about the person', () => {
    expect(interpreterPhrases({ relationship: 'neighbour', closeness: 4, frequency: 'weekly' }))
      .toEqual(['neighbour', 'closeness 4 of 5', 'in touch weekly']);
    expect(interpreterPhrases({ frequency: 'less_often', nearby: false })).toEqual(['in touch less often than monthly', 'does not live nearby']);
    expect(interpreterPhrases({})).toEqual([]);
  });
  it('quotes what was said, and says so when an erased respondent’s words are gone', () => {
    expect(saidWords({ said: 'Mary at number 12' })).toBe('“Mary at number 12”');
    expect(saidWords({ said: '' })).toBe('a name since erased');
  });
});
