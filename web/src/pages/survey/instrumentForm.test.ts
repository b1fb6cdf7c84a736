import { describe, expect, it } from 'vitest';
import {
  definitionOf, draftOf, fieldInForm, fieldOfPath, freeKey, messageOfError, moveSection, newSection, type InstrumentDraft,
} from './instrumentForm';

// The definition of tests/api/survey_test.cpp, as the server accepts it, written out by hand.
const accepted = {
  title: { en: 'Connections survey', cy: 'Arolwg cysylltiadau' },
  sections: [
    {
      kind: 'name_generator', key: 'confide', prompt: { en: 'Who do you talk to about things that matter to you?' },
      max_names: 3, interpreters: ['relationship', 'closeness', 'frequency'],
    },
    { kind: 'roster', key: 'groups', of: 'groups', ask_frequency: true },
    { kind: 'scale', scale: 'ucla3' },
    { kind: 'demographics', fields: ['birth_band'] },
    { kind: 'free_text', key: 'help', prompt: { en: 'What would help you feel more connected?' } },
  ],
};

function typed(): InstrumentDraft {
  const d: InstrumentDraft = { name: 'Connections', titleEn: ' Connections survey ', titleCy: 'Arolwg cysylltiadau', sections: [] };
  const g = newSection('name_generator', d.sections);
  Object.assign(g, { key: 'confide', promptEn: 'Who do you talk to about things that matter to you?', maxNames: '3',
    // ticked out of order, and a Welsh question left empty: sent in the server's order, without cy
    interpreters: ['frequency', 'relationship', 'closeness'], scale: 'swemwbs', of: 'places' });
  d.sections.push(g);
  const r = newSection('roster', d.sections);
  Object.assign(r, { key: 'groups', askFrequency: true, maxNames: '12' });
  d.sections.push(r);
  d.sections.push(Object.assign(newSection('scale', d.sections), { scale: 'ucla3', promptEn: 'not sent' }));
  d.sections.push(Object.assign(newSection('demographics', d.sections), { fields: ['birth_band'] }));
  d.sections.push(Object.assign(newSection('free_text', d.sections), { key: 'help', promptEn: 'What would help you feel more connected?' }));
  return d;
}

describe('the definition built from the form', () => {
  it('sends each kind only its own fields, trimmed, as the server accepts them', () => {
    expect(definitionOf(typed())).toEqual(accepted);
  });
  it('sends a number of names that is not a whole number as typed, for the server to name', () => {
    const d = typed();
    (d.sections[0] as { maxNames: string }).maxNames = 'five';
    expect((definitionOf(d).sections as Record<string, unknown>[])[0]?.max_names).toBe('five');
    (d.sections[0] as { maxNames: string }).maxNames = ' 25 ';
    expect((definitionOf(d).sections as Record<string, unknown>[])[0]?.max_names).toBe(25);
  });
  it('gives a roster a question only when one was typed, with Welsh beside it', () => {
    const d = typed();
    Object.assign(d.sections[1] as object, { promptEn: 'Which of these do you go to?', promptCy: 'Pa rai o’r rhain?' });
    expect((definitionOf(d).sections as Record<string, unknown>[])[1]).toEqual({
      kind: 'roster', key: 'groups', of: 'groups', ask_frequency: true,
      prompt: { en: 'Which of these do you go to?', cy: 'Pa rai o’r rhain?' },
    });
  });
  it('reads a stored definition back into the same form', () => {
    const back = draftOf('Connections', accepted);
    expect(back.titleEn).toBe('Connections survey');
    expect(back.sections.map((s) => s.kind)).toEqual(['name_generator', 'roster', 'scale', 'demographics', 'free_text']);
    expect(back.sections[0]?.maxNames).toBe('3');
    expect(definitionOf(back)).toEqual(accepted);
  });
});

describe('moving and naming sections', () => {
  it('moves a section up or down one place, and not past either end', () => {
    expect(moveSection(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
    expect(moveSection(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
    expect(moveSection(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveSection(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
  it('gives a new section the first answer name not yet used', () => {
    const one = newSection('name_generator', []);
    expect(one.key).toBe('names_1');
    const taken = [one, Object.assign(newSection('free_text', [one]), { key: 'names_2' })];
    expect(freeKey('name_generator', taken)).toBe('names_3');
    expect(freeKey('free_text', taken)).toBe('text_1');
  });
});

describe('the server’s field names, as the form’s fields', () => {
  // Every field tests/api/survey_test.cpp shows the server naming.
  const cases: [string | null, string | null][] = [
    ['definition.sections[0].max_names', 'sections.0.max_names'],
    ['definition.sections[0].max_name', 'sections.0.kind'],
    ['definition.sections[0].interpreters[1]', 'sections.0.interpreters'],
    ['definition.sections[0].prompt.en', 'sections.0.prompt_en'],
    ['definition.sections[0].prompt.fr', 'sections.0.prompt_en'],
    ['definition.sections[12].prompt.cy', 'sections.12.prompt_cy'],
    ['definition.sections[1].of', 'sections.1.of'],
    ['definition.sections[2].scale', 'sections.2.scale'],
    ['definition.sections[3].key', 'sections.3.key'],
    ['definition.sections[4].fields[0]', 'sections.4.fields'],
    ['definition.sections[5].kind', 'sections.5.kind'],
    ['definition.sections[5]', 'sections.5.kind'],
    ['definition.sections', 'sections'],
    ['definition.title', 'title_en'],
    ['definition.title.cy', 'title_cy'],
    ['name', 'name'],
    ['instrument_id', null],
    [null, null],
  ];
  it.each(cases)('%s is %s', (path, field) => expect(fieldOfPath(path)).toBe(field));

  it('puts a scale or details asked twice against the section’s own choice, which has no key', () => {
    const kinds = [{ kind: 'name_generator' }, { kind: 'scale' }, { kind: 'scale' }, { kind: 'demographics' }] as const;
    expect(fieldInForm('definition.sections[2].key', kinds)).toBe('sections.2.scale');
    expect(fieldInForm('definition.sections[3].key', kinds)).toBe('sections.3.fields');
    expect(fieldInForm('definition.sections[0].key', kinds)).toBe('sections.0.key');
    expect(fieldInForm('definition.sections[2].scale', kinds)).toBe('sections.2.scale');
    expect(fieldInForm('name', kinds)).toBe('name');
  });
  it('names the section and leaves out the technical name in brackets', () => {
    expect(messageOfError('definition.sections[0].prompt.en', 'Enter the wording in English (definition.sections[0].prompt.en)'))
      .toBe('Section 1: Enter the wording in English');
    expect(messageOfError('definition.sections[1].of', 'Say whether the list is of the area’s groups or its places (of: groups or places)'))
      .toBe('Section 2: Say whether the list is of the area’s groups or its places (of: groups or places)');
    expect(messageOfError('definition.sections', 'Add at least one section')).toBe('Add at least one section');
  });
});
