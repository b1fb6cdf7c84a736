import { describe, expect, it } from 'vitest';
import { assignBody, shareWords } from './fieldworkWords';

describe('fieldwork words', () => {
  it('writes a share with what it is of', () => {
    expect(shareWords({ count: 5, of: 10, value: 0.5 })).toBe('5 of 10 (50%)');
    expect(shareWords({ count: 1, of: 3, value: 1 / 3 })).toBe('1 of 3 (33.3%)');
    expect(shareWords({ count: 1200, of: 2400, value: 0.5 })).toBe('1,200 of 2,400 (50%)');
    expect(shareWords({ count: 0, of: 0, value: null })).toBe('none visited yet');
  });

  it('sends a street, or one household, as the coordinator filled the form', () => {
    expect(assignBody({ street: ' Elm Road ', household: '', doors: '40', interviewer: 'ivy' }))
      .toEqual({ street: 'Elm Road', doors: 40, interviewer: 'ivy' });
    expect(assignBody({ street: '', household: '16 Elm Road', doors: '', interviewer: 'lee' }))
      .toEqual({ household: '16 Elm Road', interviewer: 'lee' });
    // Not a whole number: sent as written, for the server to name the field.
    expect(assignBody({ street: 'Elm Road', household: '', doors: '4.5', interviewer: 'ivy' }))
      .toEqual({ street: 'Elm Road', doors: '4.5', interviewer: 'ivy' });
  });
});
