import { describe, expect, it } from 'vitest';
import { catalogue, say } from './words';

const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the interview words', () => {
  it('has every English key in Welsh, worded, with the same holes', () => {
    const en = Object.keys(catalogue.en).sort();
    expect(Object.keys(catalogue.cy).sort()).toEqual(en);
    for (const key of en) {
      const cy = catalogue.cy[key as keyof typeof catalogue.cy];
      expect(cy.trim(), key).not.toBe('');
      expect(holes(cy), key).toEqual(holes(catalogue.en[key as keyof typeof catalogue.en]));
    }
  });

  it('fills holes and leaves unknown ones showing', () => {
    expect(say('en', 'nameLabel', { n: 3 })).toBe('Name 3');
    expect(say('cy', 'nameLabel', { n: 3 })).toBe('Enw 3');
    expect(say('en', 'personTitle')).toBe('About {name}');
  });
});
