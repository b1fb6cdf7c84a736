// The pages of an interview, one thing each, in the instrument's order:
// consent, who the respondent is, each section (a name generator's names,
// then one page per name for what is asked about them), and checking the
// answers. A refused consent goes straight to checking: nothing else is asked.
import type { Answers, InterviewBody, Section } from './model';

export function sectionSteps(s: Section, answers: Answers): string[] {
  switch (s.kind) {
    case 'name_generator': {
      const names = answers.names?.[s.key] ?? [];
      const people = s.interpreters.length > 0 ? names.map((_, i) => `person-${s.key}-${i}`) : [];
      return [`names-${s.key}`, ...people];
    }
    case 'roster':
      return [`roster-${s.key}`];
    case 'scale':
      return [`scale-${s.scale}`];
    case 'demographics':
      return ['demographics'];
    case 'free_text':
      return [`text-${s.key}`];
  }
}

/**
 * `carried` is the number of names a respondent from the wave before gave
 * then: they are already known, so there is no respondent page, and each of
 * those names has its page before the new names.
 */
export function stepsOf(sections: readonly Section[], body: InterviewBody, carried = 0): string[] {
  if (body.consent?.status === 'refused') return ['consent', 'check'];
  const who = body.respondent?.person_id ? Array.from({ length: carried }, (_, i) => `carried-${i}`) : ['respondent'];
  return ['consent', ...who, ...sections.flatMap((s) => sectionSteps(s, body.answers)), 'check'];
}

export function nextStep(steps: readonly string[], step: string): string {
  const i = steps.indexOf(step);
  return i < 0 ? steps[0] as string : steps[Math.min(i + 1, steps.length - 1)] as string;
}

export function previousStep(steps: readonly string[], step: string): string | null {
  const i = steps.indexOf(step);
  return i > 0 ? steps[i - 1] as string : null;
}

/** The section a step asks, and for a person page which name. */
export function sectionOfStep(sections: readonly Section[], step: string): { section: Section; person?: number } | null {
  for (const s of sections) {
    const own = sectionSteps(s, {});
    if (own.includes(step)) return { section: s };
    if (s.kind === 'name_generator') {
      const m = new RegExp(`^person-${s.key}-(\\d+)$`).exec(step);
      if (m) return { section: s, person: Number(m[1]) };
    }
  }
  return null;
}
