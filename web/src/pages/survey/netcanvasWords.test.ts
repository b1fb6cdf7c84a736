import { describe, expect, it } from 'vitest';
import { importedWords, nameQuestions } from './netcanvasWords';

describe('nameQuestions', () => {
  it('lists the name generators with their English prompt', () => {
    const definition = {
      sections: [
        { kind: 'scale', scale: 'ucla3' },
        { kind: 'name_generator', key: 'confide', prompt: { en: 'Who do you talk to?', cy: 'Pwy?' } },
        { kind: 'name_generator', key: 'practical' },
      ],
    };
    expect(nameQuestions(definition)).toEqual([['confide', 'Who do you talk to?'], ['practical', 'practical']]);
  });
  it('is empty for anything else', () => {
    expect(nameQuestions(null)).toEqual([]);
    expect(nameQuestions({ sections: 'x' })).toEqual([]);
  });
});

describe('importedWords', () => {
  const none = { area_id: 'ar', wave_id: 'wv', interviews: 0, already_in_wave: 0, names: 0, alter_ties_left_out: 0, other_nodes_left_out: 0 };
  it('says what came in and what was left out', () => {
    expect(importedWords({ ...none, interviews: 2, names: 3, alter_ties_left_out: 1, other_nodes_left_out: 1 }, 'Person')).toEqual([
      '2 interviews imported, naming 3 people.',
      '1 tie between the people named was left out: kith keeps each respondent’s own ties.',
      '1 node of other types than Person was left out.',
    ]);
  });
  it('says when a file was imported before', () => {
    expect(importedWords({ ...none, already_in_wave: 2 }, 'Person')).toEqual([
      '0 interviews imported, naming 0 people.',
      '2 interviews were in this wave already from an earlier import, so they were left as they were.',
    ]);
  });
});
