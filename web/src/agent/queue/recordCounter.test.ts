import { describe, expect, it } from 'vitest';
import { recordCounter } from './recordCounter.ts';

describe('record counter', () => {
  it('counts records, not line breaks inside quoted fields, across chunks', () => {
    const c = recordCounter();
    expect(c.push('number,subject\n1001,"two\nlines')).toBe(0);
    expect(c.push('"\n1002,"say ""hi"""\n')).toBe(2);
    expect(c.push('1003,x\n')).toBe(3);
  });
});
