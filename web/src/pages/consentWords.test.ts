import { describe, expect, it } from 'vitest';
import type { ConsentCounts, ConsentScope, ConsentStatus } from '../api/types';
import {
  consentQueryString, consentSummary, decisionEffect, givenForSentence, listedCount, localToday, parseConsentQuery,
  statusSentence,
} from './consentWords';
import { recordsBefore, trailAfter, trailBefore } from './cursorTrail';

const person = (display_name: string, consent_status: ConsentStatus, consent_scope: ConsentScope[] = []) =>
  ({ display_name, consent_status, consent_scope });

// Six people counted by hand: 2 not asked, 2 given (one for research and time
// bank, one for referrals only), 1 refused, 1 withdrawn (the server's answer).
const six: ConsentCounts = {
  people: 6,
  by_status: { not_asked: 2, given: 2, refused: 1, withdrawn: 1 },
  given_for: { research: 1, timebank: 1, referrals: 1, suggestions: 0 },
};
const noneGiven: ConsentCounts = { people: 1, by_status: { not_asked: 0, given: 0, refused: 1, withdrawn: 0 }, given_for: { research: 0, timebank: 0, referrals: 0, suggestions: 0 } };

describe('statusSentence', () => {
  it('says the count with the verb agreeing', () => {
    expect(statusSentence('not_asked', 312)).toBe('312 people have not been asked');
    expect(statusSentence('not_asked', 1)).toBe('1 person has not been asked');
    expect(statusSentence('given', 1234)).toBe('1,234 people have given consent');
    expect(statusSentence('refused', 0)).toBe('0 people have refused');
    expect(statusSentence('withdrawn', 2)).toBe('2 people have withdrawn consent');
  });
  it('says what given consent covers, or nothing when no one gave it', () => {
    expect(givenForSentence(six)).toBe('Of them, 1 for research, 1 for the time bank, 1 for referrals and 0 for being suggested to others.');
    expect(givenForSentence(noneGiven)).toBeNull();
  });
});

describe('decisionEffect', () => {
  it('says refused and withdrawn leave the person out at once', () => {
    expect(decisionEffect('Ann', 'refused', [])).toBe('Ann will be left out of every analysis, export and suggestion at once. Their ties stay in the register but are not read.');
    expect(decisionEffect('Ann', 'withdrawn', ['research'])).toBe(decisionEffect('Ann', 'refused', []));
  });
  it('says given without research leaves the person out, and names what it covers', () => {
    expect(decisionEffect('Ann', 'given', ['timebank', 'referrals'])).toBe('Ann will be left out of every analysis and export at once, because their consent does not cover research. It covers time bank and referrals.');
    expect(decisionEffect('Ann', 'given', ['research'])).toBe('Ann will be in network analyses and research exports. Their consent covers research.');
  });
  it('says not asked, or given with no use, keeps the person in', () => {
    expect(decisionEffect('Ann', 'not_asked', [])).toMatch(/stay in analyses/);
    expect(decisionEffect('Ann', 'given', [])).toMatch(/no use recorded\. They stay in analyses/);
  });
});

describe('consentSummary', () => {
  it('lists the uses in a fixed order', () => {
    expect(consentSummary(person('A', 'given', ['suggestions', 'research']))).toBe('Given: research, being suggested to others');
    expect(consentSummary(person('A', 'given'))).toBe('Given: no use recorded');
    expect(consentSummary(person('A', 'not_asked'))).toBe('Not asked');
  });
});

describe('the list', () => {
  it('counts the people listed for a status, or everyone', () => {
    expect(listedCount(six, null)).toBe(6);
    expect(listedCount(six, 'not_asked')).toBe(2);
    expect(listedCount(six, 'withdrawn')).toBe(1);
  });
  it('reads its state from the URL and writes it back, ignoring what it does not know', () => {
    expect(parseConsentQuery('?status=not_asked&q=ann&cursor=pe_b&back=-,pe_a&person=pe_1')).toEqual({ status: 'not_asked', q: 'ann', cursor: 'pe_b', back: ['-', 'pe_a'], person: 'pe_1' });
    expect(parseConsentQuery('?status=maybe&back=pe_a')).toEqual({ status: null, q: '', cursor: null, back: [], person: null });
    expect(consentQueryString({ status: 'given', q: 'a b', cursor: null, back: [], person: null })).toBe('?status=given&q=a+b');
    expect(consentQueryString({ status: 'given', cursor: 'pe_a', back: ['-'] })).toBe('?status=given&cursor=pe_a&back=-');
    expect(consentQueryString({})).toBe('');
  });
  it('pages forward by the server’s cursor and back by the trail, counting the rows before', () => {
    const first = parseConsentQuery('?status=given');
    expect(trailBefore(first)).toBeNull();
    expect(recordsBefore(first, 50)).toBe(0);
    const second = trailAfter(first, 'pe_a');
    expect(second && consentQueryString(second)).toBe('?status=given&cursor=pe_a&back=-');
    const third = trailAfter(parseConsentQuery(consentQueryString(second!)), 'pe_b')!;
    expect(consentQueryString(third)).toBe('?status=given&cursor=pe_b&back=-%2Cpe_a');
    expect(recordsBefore(third, 50)).toBe(100);
    expect(consentQueryString(trailBefore(third)!)).toBe('?status=given&cursor=pe_a&back=-');
    expect(consentQueryString(trailBefore(trailBefore(third)!)!)).toBe('?status=given');
    expect(trailAfter(third, null)).toBeNull();
  });
  it('gives today in the local calendar as YYYY-MM-DD', () => {
    expect(localToday(new Date(2024, 2, 6, 23, 59))).toBe('2024-03-06');
  });
});
