// Numbers, shares, dates, plurals and the register's words, for en-GB readers.

const locale = 'en-GB';
const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
const decimal2 = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const plural = new Intl.PluralRules(locale);
const longDate = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

const dateAndTime = new Intl.DateTimeFormat(locale, {
  day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short',
});

/** A UTC time as the server writes it ("2026-12-02T01:05:00Z") as "2 December 2026 at 01:05 UTC"; empty for none. */
export function formatDateTime(at: string | null | undefined): string {
  if (!at) return '';
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : dateAndTime.format(d);
}

export function formatCount(n: number): string {
  return whole.format(n);
}

export function formatShare(share: number): string {
  return percent.format(share);
}

export function formatDecimal(x: number): string {
  return decimal2.format(x);
}

/** "1 person", "2,000 people": the count formatted and the word to agree with it. */
export function countOf(n: number, one: string, other: string): string {
  return `${formatCount(n)} ${plural.select(n) === 'one' ? one : other}`;
}

/** A day as YYYY-MM-DD into "6 March 2024"; anything else is shown as given. */
export function formatDate(day: string | null | undefined): string {
  if (!day) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? day : longDate.format(d);
}

/** A count the server may have withheld (1–4): "fewer than 5" rather than "<5". */
export function formatSuppressed(v: { count?: number | null; shown: string; suppressed: boolean }): string {
  if (v.suppressed || v.count === undefined || v.count === null) return v.shown === '<5' ? 'fewer than 5' : v.shown;
  return formatCount(v.count);
}

// The register's enumerations in plain words (docs/data-model.md).
export const words: Record<string, Record<string, string>> = {
  birth_band: {
    before_1930: 'Before 1930', '1930s': '1930s', '1940s': '1940s', '1950s': '1950s', '1960s': '1960s',
    '1970s': '1970s', '1980s': '1980s', '1990s': '1990s', '2000s': '2000s', '2010s': '2010s', '2020s': '2020s',
  },
  consent_status: { not_asked: 'Not asked', given: 'Given', refused: 'Refused', withdrawn: 'Withdrawn' },
  consent_scope: {
    research: 'Research (analyses and exports)', timebank: 'Time bank', referrals: 'Referrals',
    suggestions: 'Being suggested to others',
  },
  tie_kind: {
    family: 'Family', friend: 'Friend', neighbour: 'Neighbour', work_study: 'Work or study',
    acquaintance: 'Acquaintance', professional_support: 'Professional support',
  },
  frequency: { daily: 'Daily', weekly: 'Weekly', monthly: 'Monthly', less_often: 'Less often' },
  named_by: { source: 'This person named them', target: 'They named this person', both: 'Both named each other' },
  evidence: {
    survey: 'Survey', timebank_exchange: 'Time bank exchange', referral: 'Referral',
    support_circle: 'Support circle', manual_entry: 'Entered by hand',
  },
  group_kind: {
    club: 'Club', faith_group: 'Faith group', charity: 'Charity', public_service: 'Public service',
    business: 'Business', informal_group: 'Informal group', mutual_aid_group: 'Mutual aid group',
  },
  place_kind: {
    community_centre: 'Community centre', library: 'Library', pub: 'Pub', cafe: 'Café', park: 'Park',
    school_gate: 'School gate', gp_surgery: 'GP surgery', place_of_worship: 'Place of worship', shop: 'Shop',
  },
  affiliation_role: { member: 'Member', volunteer: 'Volunteer', organiser: 'Organiser', visitor: 'Visitor' },
  role: {
    admin: 'Administrator', researcher: 'Researcher', link_worker: 'Link worker', broker: 'Time bank broker',
    coordinator: 'Support circle coordinator', commissioner: 'Commissioner', member: 'Resident (member)',
  },
  isolation: {
    no_ties: 'No ties', one_tie: 'One tie', no_weekly_contact: 'No weekly contact', family_only_ties: 'Family-only ties',
  },
};

/** The plain word for an enumeration value, or the value itself when it is not known. */
export function word(kind: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return words[kind]?.[value] ?? value;
}

/** "reading, walking" from a tag list; a comma-separated field back into tags. */
export function joinTags(tags: readonly string[]): string {
  return tags.join(', ');
}

export function splitTags(text: string): string[] {
  return text.split(',').map((t) => t.trim()).filter((t) => t !== '');
}
