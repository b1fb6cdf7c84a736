// The import and export page's words and request shapes, kept apart from the page
// so each rule can be tested: a report into a sentence, the problems into a count,
// and a chosen format and its files into the body `POST …/import` wants.
import type { RawBody } from '../api/client';
import type { ImportCounts, ImportReport } from '../api/types';
import { countOf, formatCount } from '../format';

export type ImportFormat = 'kumu' | 'edgelist' | 'json';

/** The files a format reads, each with its label and hint; `optional` ones may be left out. */
export interface FileSlot {
  key: 'elements' | 'connections' | 'edgelist' | 'json';
  label: string;
  hint: string;
  accept: string;
  optional: boolean;
  /** The error when a required file is not chosen. */
  missing: string;
}

export interface FormatChoice {
  format: ImportFormat;
  label: string;
  files: FileSlot[];
}

export const importFormats: readonly FormatChoice[] = [
  {
    format: 'kumu',
    label: 'A Kumu spreadsheet pair (elements and connections CSV files)',
    files: [
      { key: 'elements', label: 'Elements CSV file', hint: 'One row for each person, group or place: ID, Label, Type and any other columns', accept: '.csv,text/csv', optional: false, missing: 'Choose the elements file' },
      { key: 'connections', label: 'Connections CSV file', hint: 'One row for each tie or membership: From, To, Type. Leave it out to import the elements alone', accept: '.csv,text/csv', optional: true, missing: 'Choose the connections file' },
    ],
  },
  {
    format: 'edgelist',
    label: 'An edge list (CSV: source, target, weight)',
    files: [
      { key: 'edgelist', label: 'Edge list CSV file', hint: 'Columns source, target and weight: two names and a closeness from 1 to 5 (3 when left out). Each name seen for the first time adds a person; each row adds a tie', accept: '.csv,text/csv', optional: false, missing: 'Choose the edge list file' },
    ],
  },
  {
    format: 'json',
    label: 'A kith JSON file',
    files: [
      { key: 'json', label: 'kith JSON file', hint: 'A file from “Export the area as JSON”, from this or another kith', accept: '.json,application/json', optional: false, missing: 'Choose the kith JSON file' },
    ],
  },
];

export function formatChoice(format: ImportFormat): FormatChoice {
  return importFormats.find((f) => f.format === format) ?? (importFormats[0] as FormatChoice);
}

/** The text of each chosen file, by slot key. */
export type FileTexts = Partial<Record<FileSlot['key'], string>>;

/** The message for each required file not chosen, in the form's order. */
export function missingFiles(format: ImportFormat, chosen: ReadonlySet<string>): { field: string; message: string }[] {
  return formatChoice(format)
    .files.filter((slot) => !slot.optional && !chosen.has(slot.key))
    .map((slot) => ({ field: `file-${slot.key}`, message: slot.missing }));
}

/**
 * The body `POST …/import?format=` takes (docs/api.md): a Kumu pair as one JSON
 * object of the two files' text, an edge list as text/csv, a kith file as it is.
 */
export function importBody(format: ImportFormat, files: FileTexts): RawBody {
  switch (format) {
    case 'kumu': {
      const pair: Record<string, string> = { elements: files.elements ?? '' };
      if (files.connections !== undefined) pair.connections = files.connections;
      return { text: JSON.stringify(pair), contentType: 'application/json' };
    }
    case 'edgelist':
      return { text: files.edgelist ?? '', contentType: 'text/csv' };
    case 'json':
      return { text: files.json ?? '', contentType: 'application/json' };
  }
}

// Kinds of record in the report's order of importance, each with its singular and plural.
const kinds: [string, string, string][] = [
  ['people', 'person', 'people'],
  ['groups', 'group', 'groups'],
  ['places', 'place', 'places'],
  ['ties', 'tie', 'ties'],
  ['affiliations', 'membership of a group or place', 'memberships of groups or places'],
];

/** "120 people and 340 ties": the counts above 0, in order; '' when there are none. */
export function countsInWords(counts: ImportCounts): string {
  const known = kinds.flatMap(([key, one, other]) => ((counts[key] ?? 0) > 0 ? [countOf(counts[key] as number, one, other)] : []));
  const rest = Object.keys(counts)
    .filter((k) => !kinds.some(([key]) => key === k) && (counts[k] ?? 0) > 0)
    .sort()
    .map((k) => `${formatCount(counts[k] as number)} ${k}`);
  return listInWords([...known, ...rest]);
}

function listInWords(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * What an import would do (a preview) or did, in one sentence:
 * "Would add 120 people and 340 ties; would update 3 people; would leave 10 people unchanged."
 */
export function reportSentence(report: ImportReport, preview: boolean): string {
  const [add, update, leave] = preview ? ['would add', 'would update', 'would leave'] : ['added', 'updated', 'left'];
  const clauses: string[] = [];
  const added = countsInWords(report.added);
  const updated = countsInWords(report.updated);
  const unchanged = countsInWords(report.unchanged);
  if (added) clauses.push(`${add} ${added}`);
  if (updated) clauses.push(`${update} ${updated}`);
  if (unchanged) clauses.push(`${leave} ${unchanged} unchanged`);
  if (clauses.length === 0) return preview ? 'Would change nothing: the file has no rows to import.' : 'Changed nothing: the file had no rows to import.';
  const sentence = clauses.join('; ');
  const merged = report.merged > 0
    ? ` ${countOf(report.merged, 'row repeats', 'rows repeat')} an earlier row for the same two people and ${report.merged === 1 ? 'is' : 'are'} counted with it.`
    : '';
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.${merged}`;
}

/**
 * A check's result in words. With problems, the counts are of the rows without
 * any, and nothing can be imported until every problem is corrected.
 */
export function checkSentence(preview: ImportReport & { errors_total: number }): string {
  const sentence = reportSentence(preview, true);
  if (preview.errors_total === 0) return sentence;
  return `The rows without problems ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
}

/** "6 problems; nothing has been imported." with "Showing the first 500 of 1,234." when not all are listed. */
export function problemsSummary(total: number, listed: number): { headline: string; shown: string | null } {
  return {
    headline: `${countOf(total, 'problem', 'problems')}; nothing has been imported.`,
    shown: listed < total ? `Showing the first ${formatCount(listed)} of ${formatCount(total)}.` : null,
  };
}

/** A problem's line for the table: a JSON record has none. */
export function lineInWords(line: number | null): string {
  return line === null ? 'Not a line' : formatCount(line);
}

/** The file a problem is in, as the page calls it. */
export function fileInWords(file: string | null): string {
  switch (file) {
    case 'elements': return 'Elements file';
    case 'connections': return 'Connections file';
    case 'edge list': return 'Edge list';
    case 'JSON file': return 'kith JSON file';
    case null: return 'The upload';
    default: return file;
  }
}
