// The instrument designer's form state and the definition it sends: the shape
// of src/kith/domain/survey/instrument.cpp (parse_instrument), which refuses any
// field a section's kind does not have, so each kind sends only its own. The
// server checks everything and names the field it refuses; fieldOfPath turns
// that name into the form control to show the message against.

export const sectionKinds = ['name_generator', 'roster', 'scale', 'demographics', 'free_text'] as const;
export type SectionKind = (typeof sectionKinds)[number];

export const interpreters = ['relationship', 'closeness', 'frequency', 'nearby'] as const;
export const demographicFields = ['birth_band', 'postcode_district'] as const;

/** One section as typed: every kind's controls, so changing the kind keeps what was typed. */
export interface SectionDraft {
  /** Stable across moves, for the list's keys; never sent. */
  uid: number;
  kind: SectionKind;
  key: string;
  promptEn: string;
  promptCy: string;
  /** As typed: a whole number is sent as a number, anything else as typed, for the server to name. */
  maxNames: string;
  interpreters: string[];
  of: 'groups' | 'places';
  askFrequency: boolean;
  scale: string;
  fields: string[];
}

export interface InstrumentDraft {
  name: string;
  titleEn: string;
  titleCy: string;
  sections: SectionDraft[];
}

let nextUid = 1;

export function newSection(kind: SectionKind, existing: readonly SectionDraft[]): SectionDraft {
  return {
    uid: nextUid++,
    kind,
    key: freeKey(kind, existing),
    promptEn: '',
    promptCy: '',
    maxNames: '5',
    interpreters: [],
    of: 'groups',
    askFrequency: false,
    scale: '',
    fields: [],
  };
}

const keyStem: Record<SectionKind, string> = {
  name_generator: 'names',
  roster: 'groups',
  scale: 'scale',
  demographics: 'demographics',
  free_text: 'text',
};

/** The first of names_1, names_2, … that no section uses yet. */
export function freeKey(kind: SectionKind, existing: readonly SectionDraft[]): string {
  const used = new Set(existing.map((s) => s.key));
  for (let n = 1; ; ++n) {
    const key = `${keyStem[kind]}_${n}`;
    if (!used.has(key)) return key;
  }
}

/** The list with section `index` moved by `by` places; unchanged when that is past either end. */
export function moveSection<T>(list: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(index, 1);
  out.splice(to, 0, item as T);
  return out;
}

function wording(en: string, cy: string): Record<string, string> {
  const out: Record<string, string> = { en: en.trim() };
  if (cy.trim() !== '') out.cy = cy.trim();
  return out;
}

/** "5" is 5; "", "five" or "2.5" go as typed so the server names the field. */
function wholeOrAsTyped(text: string): number | string {
  const t = text.trim();
  return /^[0-9]{1,6}$/.test(t) ? Number(t) : t;
}

export function sectionOf(s: SectionDraft): Record<string, unknown> {
  switch (s.kind) {
    case 'name_generator':
      return {
        kind: s.kind, key: s.key.trim(), prompt: wording(s.promptEn, s.promptCy),
        max_names: wholeOrAsTyped(s.maxNames), interpreters: interpreters.filter((i) => s.interpreters.includes(i)),
      };
    case 'roster': {
      const out: Record<string, unknown> = { kind: s.kind, key: s.key.trim(), of: s.of, ask_frequency: s.askFrequency };
      // A roster's question is optional: the interviewer then reads the list's own heading.
      if (s.promptEn.trim() !== '' || s.promptCy.trim() !== '') out.prompt = wording(s.promptEn, s.promptCy);
      return out;
    }
    case 'scale':
      return { kind: s.kind, scale: s.scale };
    case 'demographics':
      return { kind: s.kind, fields: demographicFields.filter((f) => s.fields.includes(f)) };
    case 'free_text':
      return { kind: s.kind, key: s.key.trim(), prompt: wording(s.promptEn, s.promptCy) };
  }
}

export function definitionOf(d: InstrumentDraft): Record<string, unknown> {
  return { title: wording(d.titleEn, d.titleCy), sections: d.sections.map(sectionOf) };
}

// ---- reading a stored definition back into the form ---------------------------------

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const texts = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function sectionDraftOf(raw: unknown, before: readonly SectionDraft[]): SectionDraft {
  const s = isRecord(raw) ? raw : {};
  const kind = (sectionKinds as readonly string[]).includes(text(s.kind)) ? (s.kind as SectionKind) : 'free_text';
  const out = newSection(kind, before);
  const prompt = isRecord(s.prompt) ? s.prompt : {};
  out.key = typeof s.key === 'string' ? s.key : kind === 'demographics' ? 'demographics' : text(s.scale) || out.key;
  out.promptEn = text(prompt.en);
  out.promptCy = text(prompt.cy);
  out.maxNames = typeof s.max_names === 'number' ? String(s.max_names) : out.maxNames;
  out.interpreters = texts(s.interpreters);
  out.of = s.of === 'places' ? 'places' : 'groups';
  out.askFrequency = s.ask_frequency === true;
  out.scale = text(s.scale);
  out.fields = texts(s.fields);
  return out;
}

export function draftOf(name: string, definition: unknown): InstrumentDraft {
  const d = isRecord(definition) ? definition : {};
  const title = isRecord(d.title) ? d.title : {};
  const sections: SectionDraft[] = [];
  for (const raw of Array.isArray(d.sections) ? d.sections : []) sections.push(sectionDraftOf(raw, sections));
  return { name, titleEn: text(title.en), titleCy: text(title.cy), sections };
}

// ---- the server's field names as the form's ----------------------------------------

/** The form control of one section's part, as fieldId (forms.tsx) is given it. */
export const sectionField = (index: number, part: string) => `sections.${index}.${part}`;

const partOfSectionField: Record<string, string> = {
  kind: 'kind', key: 'key', prompt: 'prompt_en', max_names: 'max_names', interpreters: 'interpreters',
  of: 'of', ask_frequency: 'ask_frequency', scale: 'scale', fields: 'fields',
};

/**
 * The form field a server error names: "definition.sections[0].max_names" is
 * sections.0.max_names, "definition.sections[0].interpreters[1]" the section's
 * interpreters, "definition.sections[2].prompt.cy" its Welsh question,
 * "definition.title.en" the English title. A part the form has no control for
 * (a misspelt option) is the section's kind, its first control; a field outside
 * the definition the form does not have is null: the summary alone shows it.
 */
export function fieldOfPath(path: string | null): string | null {
  if (path === null) return null;
  if (path === 'name') return 'name';
  if (path === 'definition.title' || path === 'definition.title.en') return 'title_en';
  if (path === 'definition.title.cy') return 'title_cy';
  if (path === 'definition' || path === 'definition.sections') return 'sections';
  const m = /^definition\.sections\[(\d+)\](?:\.([a-z_]+))?(?:\.([a-z]+)|\[\d+\])?$/.exec(path);
  if (!m) return path.startsWith('definition.') ? 'title_en' : null;
  const index = Number(m[1]);
  const part = m[2];
  if (part === undefined) return sectionField(index, 'kind');
  if (part === 'prompt') return sectionField(index, m[3] === 'cy' ? 'prompt_cy' : 'prompt_en');
  return sectionField(index, partOfSectionField[part] ?? 'kind');
}

/**
 * fieldOfPath for this form's sections: a scale or demographics section has no
 * key of its own (the server files it under the scale's name, or
 * "demographics"), so a key asked twice there is that section's scale or its
 * details to ask.
 */
export function fieldInForm(path: string | null, sections: readonly Pick<SectionDraft, 'kind'>[]): string | null {
  const field = fieldOfPath(path);
  const index = sectionOfPath(path);
  const kind = index === null ? undefined : sections[index]?.kind;
  if (index === null || field !== sectionField(index, 'key')) return field;
  if (kind === 'scale') return sectionField(index, 'scale');
  if (kind === 'demographics') return sectionField(index, 'fields');
  return field;
}

/** The section an error names (0-based), or null. */
export function sectionOfPath(path: string | null): number | null {
  const m = path ? /^definition\.sections\[(\d+)\]/.exec(path) : null;
  return m ? Number(m[1]) : null;
}

/**
 * The server's message for a person: the field's technical name in brackets at
 * the end ("… in English (definition.sections[0].prompt.en)") is left out, since
 * the message is shown against the field itself, and the section is named by
 * its number.
 */
export function messageOfError(path: string | null, message: string): string {
  const plain = message.replace(/\s*\((?:definition|name)[a-z_.\[\]0-9]*\)$/, '');
  const section = sectionOfPath(path);
  return section === null ? plain : `Section ${section + 1}: ${plain}`;
}
