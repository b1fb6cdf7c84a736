// Words for the Network Canvas import (docs/surveys.md, "Network Canvas
// interviews"): the instrument's name questions to choose from, and what the
// server's answer means.
import { countOf } from '../../format';
import type { NetcanvasImport } from './types';

/** The instrument's name questions as [key, prompt in English], in order; [] when it asks for no names. */
export function nameQuestions(definition: unknown): [string, string][] {
  const sections = (definition as { sections?: unknown } | null)?.sections;
  if (!Array.isArray(sections)) return [];
  const out: [string, string][] = [];
  for (const s of sections as { kind?: unknown; key?: unknown; prompt?: { en?: unknown } }[]) {
    if (s.kind !== 'name_generator' || typeof s.key !== 'string') continue;
    out.push([s.key, typeof s.prompt?.en === 'string' ? s.prompt.en : s.key]);
  }
  return out;
}

/** The sentences after an import, most important first. */
export function importedWords(r: NetcanvasImport, nodeType: string): string[] {
  const out = [`${countOf(r.interviews, 'interview', 'interviews')} imported, naming ${countOf(r.names, 'person', 'people')}.`];
  if (r.already_in_wave > 0) out.push(`${countOf(r.already_in_wave, 'interview was', 'interviews were')} in this wave already from an earlier import, so ${r.already_in_wave === 1 ? 'it was' : 'they were'} left as ${r.already_in_wave === 1 ? 'it was' : 'they were'}.`);
  if (r.alter_ties_left_out > 0) out.push(`${countOf(r.alter_ties_left_out, 'tie', 'ties')} between the people named ${r.alter_ties_left_out === 1 ? 'was' : 'were'} left out: kith keeps each respondent’s own ties.`);
  if (r.other_nodes_left_out > 0) out.push(`${countOf(r.other_nodes_left_out, 'node', 'nodes')} of other types than ${nodeType} ${r.other_nodes_left_out === 1 ? 'was' : 'were'} left out.`);
  return out;
}
