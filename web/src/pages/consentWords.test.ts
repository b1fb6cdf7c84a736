import { describe, expect, it } from 'vitest';
import type { ConsentScope, ConsentStatus } from '../api/types';
import {
  consentQueryString, consentSummary, countConsent, decisionEffect, filterPeople, givenForSentence, localToday,
  parseConsentQuery, statusSentence,
} from './consentWords';

const person = (display_name: string, consent_status: ConsentStatus, consent_scope: ConsentScope[] = []) =>
  ({ display_name, consent_status, consent_scope });

// Six people counted by hand: 2 not asked, 2 given (one for research and time
// bank, one for referrals only), 1 refused, 1 withdrawn.
const six = [
  person('Ranjit Singh', 'not_asked'),
  person('Kiran Kaur Gill', 'given', ['research', 'timebank']),
  person('Mary O’Neill', 'refused'),
  person('Tom Singh', 'given', ['referrals']),
  person('Aisha Begum', 'withdrawn'),
  person('Joe Bloggs', 'not_asked'),
];

describe('countConsent', () => {
  it('counts each status and, of those who gave it, each use', () => {
    const c = countConsent(six);
    expect(c.total).toBe(6);
    expect(c.byStatus).toEqual({ not_asked: 2, given: 2, refused: 1, withdrawn: 1 });
    expect(c.givenFor).toEqual({ research: 1, timebank: 1, referrals: 1, suggestions: 0 });
  });
  it('does not count the scopes of someone whose status is not given', () => {
    expect(countConsent([person('A', 'withdrawn', ['research'])]).givenFor.research).toBe(0);
  });
});

describe('statusSentence', () => {
  it('says the count with the verb agreeing', () => {
    expect(statusSentence('not_asked', 312)).toBe('312 people have not been asked');
    expect(statusSentence('not_asked', 1)).toBe('1 person has not been asked');
    expect(statusSentence('given', 1234)).toBe('1,234 people have given consent');
    expect(statusSentence('refused', 0)).toBe('0 people have refused');
    expect(statusSentence('withdrawn', 2)).toBe('2 people have withdrawn consent');
  });
  it('says what given consent covers, or nothing when no one gave it', () => {
    expect(givenForSentence(countConsent(six))).toBe('Of them, 1 for research, 1 for the time bank, 1 for referrals and 0 for being suggested to others.');
    expect(givenForSentence(countConsent([person('A', 'refused')]))).toBeNull();
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
  it('filters by status and by every word of the name, in register order', () => {
    expect(filterPeople(six, { status: 'not_asked', q: '' }).map((p) => p.display_name)).toEqual(['Ranjit Singh', 'Joe Bloggs']);
    expect(filterPeople(six, { status: null, q: 'singh' }).map((p) => p.display_name)).toEqual(['Ranjit Singh', 'Tom Singh']);
    expect(filterPeople(six, { status: 'given', q: ' SINGH  tom ' }).map((p) => p.display_name)).toEqual(['Tom Singh']);
    expect(filterPeople(six, { status: 'refused', q: 'singh' })).toEqual([]);
  });
  it('reads its state from the URL and writes it back, ignoring what it does not know', () => {
    expect(parseConsentQuery('?status=not_asked&q=ann&from=50&person=pe_1')).toEqual({ status: 'not_asked', q: 'ann', from: 50, person: 'pe_1' });
    expect(parseConsentQuery('?status=maybe&from=-3')).toEqual({ status: null, q: '', from: 0, person: null });
    expect(consentQueryString({ status: 'given', q: 'a b', from: 0, person: null })).toBe('?status=given&q=a+b');
    expect(consentQueryString({})).toBe('');
  });
  it('gives today in the local calendar as YYYY-MM-DD', () => {
    expect(localToday(new Date(2024, 2, 6, 23, 59))).toBe('2024-03-06');
  });
});
