// The designer's words for the parts of an instrument (src/kith/domain/survey/instrument.hpp).
import type { SectionKind } from './instrumentForm';

export const kindWords: Record<SectionKind, string> = {
  name_generator: 'Names: the people the respondent knows',
  roster: 'A list of the area’s groups or places',
  scale: 'A wellbeing or loneliness scale',
  demographics: 'About the respondent',
  free_text: 'A question answered in their own words',
};

export const interpreterWords: Record<string, string> = {
  relationship: 'How they know them (family, friend, neighbour or other)',
  closeness: 'How close they feel, from 1 to 5',
  frequency: 'How often they are in touch',
  nearby: 'Whether they live nearby',
};

export const demographicWords: Record<string, string> = {
  birth_band: 'Decade of birth',
  postcode_district: 'Postcode district',
};

export const instrumentStatusWords: Record<string, string> = {
  draft: 'Draft',
  published: 'Published',
};

export const waveStatusWords: Record<string, string> = {
  open: 'Open: interviews can be sent',
  closed: 'Closed',
};
