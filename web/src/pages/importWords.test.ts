import { describe, expect, it } from 'vitest';
import { errorFromBody } from '../api/errors';
import { checkSentence, countsInWords, fileInWords, importBody, lineInWords, missingFiles, problemsSummary, reportSentence } from './importWords';

const empty = { rows: 0, merged: 0, added: {}, updated: {}, unchanged: {} };

describe('reportSentence', () => {
  it('says what a preview would do, kind by kind, with en-GB numbers', () => {
    const report = { rows: 473, merged: 0, added: { ties: 340, people: 120 }, updated: { people: 3 }, unchanged: { people: 10 } };
    expect(reportSentence(report, true)).toBe('Would add 120 people and 340 ties; would update 3 people; would leave 10 people unchanged.');
  });
  it('says what an import did, in the past tense', () => {
    const report = { ...empty, rows: 2, added: { people: 1, ties: 1 } };
    expect(reportSentence(report, false)).toBe('Added 1 person and 1 tie.');
  });
  it('puts thousands separators in and lists three kinds with commas', () => {
    const report = { ...empty, added: { people: 1200, groups: 2, affiliations: 1 } };
    expect(reportSentence(report, true)).toBe('Would add 1,200 people, 2 groups and 1 membership of a group or place.');
  });
  it('says an empty file changes nothing', () => {
    expect(reportSentence(empty, true)).toBe('Would change nothing: the file has no rows to import.');
    expect(reportSentence(empty, false)).toBe('Changed nothing: the file had no rows to import.');
  });
  it('names rows of an edge list folded into an earlier row', () => {
    const report = { ...empty, rows: 3, merged: 1, added: { people: 2, ties: 1 } };
    expect(reportSentence(report, true)).toBe('Would add 2 people and 1 tie. 1 row repeats an earlier row for the same two people and is counted with it.');
  });
  it('leaves out kinds counted 0', () => {
    expect(countsInWords({ people: 0, ties: 2 })).toBe('2 ties');
  });
});

describe('checkSentence', () => {
  it('is the preview sentence for a file with no problems', () => {
    expect(checkSentence({ ...empty, rows: 1, added: { people: 2, ties: 1 }, errors_total: 0 })).toBe('Would add 2 people and 1 tie.');
  });
  it('says the counts are of the rows without problems when there are some', () => {
    expect(checkSentence({ ...empty, rows: 3, added: { people: 3, ties: 2 }, errors_total: 1 }))
      .toBe('The rows without problems would add 3 people and 2 ties.');
  });
});

describe('problemsSummary', () => {
  it('counts the problems and says nothing was imported', () => {
    expect(problemsSummary(6, 6)).toEqual({ headline: '6 problems; nothing has been imported.', shown: null });
    expect(problemsSummary(1, 1).headline).toBe('1 problem; nothing has been imported.');
  });
  it('says when only the first are listed', () => {
    expect(problemsSummary(1234, 500)).toEqual({ headline: '1,234 problems; nothing has been imported.', shown: 'Showing the first 500 of 1,234.' });
  });
  it('names the file and line as the page shows them', () => {
    expect([fileInWords('elements'), fileInWords('connections'), fileInWords('edge list'), fileInWords('JSON file')])
      .toEqual(['Elements file', 'Connections file', 'Edge list', 'kith JSON file']);
    expect([lineInWords(3), lineInWords(12000), lineInWords(null)]).toEqual(['3', '12,000', 'Not a line']);
  });
});

describe('importBody', () => {
  it('sends a Kumu pair as one JSON object of the two files’ text', () => {
    const body = importBody('kumu', { elements: 'ID,Label,Type\np1,Ann,Person\n', connections: 'From,To\n' });
    expect(body.contentType).toBe('application/json');
    expect(JSON.parse(body.text)).toEqual({ elements: 'ID,Label,Type\np1,Ann,Person\n', connections: 'From,To\n' });
  });
  it('sends Kumu elements alone without a connections key', () => {
    expect(JSON.parse(importBody('kumu', { elements: 'x' }).text)).toEqual({ elements: 'x' });
  });
  it('sends an edge list as text/csv and a kith file as JSON, each as read', () => {
    expect(importBody('edgelist', { edgelist: 'source,target,weight\nA,B,2\n' })).toEqual({ text: 'source,target,weight\nA,B,2\n', contentType: 'text/csv' });
    expect(importBody('json', { json: '{"people":[]}' })).toEqual({ text: '{"people":[]}', contentType: 'application/json' });
  });
});

describe('missingFiles', () => {
  it('asks for every required file not chosen, and not for the optional connections', () => {
    expect(missingFiles('kumu', new Set())).toEqual([{ field: 'file-elements', message: 'Choose the elements file' }]);
    expect(missingFiles('kumu', new Set(['elements']))).toEqual([]);
    expect(missingFiles('edgelist', new Set(['elements']))).toEqual([{ field: 'file-edgelist', message: 'Choose the edge list file' }]);
    expect(missingFiles('json', new Set(['json']))).toEqual([]);
  });
});

describe('a refused import’s problems', () => {
  it('are read from the 400 answer beside its first problem', () => {
    const body = {
      error: {
        code: 'invalid', field: 'weight', line: 3, message: 'edge list line 3, column weight: enter weight as a whole number from 1 to 5',
        errors: [{ file: 'edge list', line: 3, column: 'weight', reason: 'enter weight as a whole number from 1 to 5', message: 'edge list line 3, column weight: …' }],
        errors_total: 1,
      },
    };
    const e = errorFromBody(400, body);
    expect(e.problems).toEqual([body.error.errors[0]]);
    expect(e.problemsTotal).toBe(1);
    expect(errorFromBody(400, { error: { code: 'invalid', message: 'x' } }).problems).toBeNull();
  });
});
