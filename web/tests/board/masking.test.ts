import { describe, expect, it } from 'vitest';
import { contactDisplay, isMasked } from '@/board/masking';

describe('masked contact display', () => {
  it('flags values the service masked', () => {
    expect(isMasked('138****8000')).toBe(true);
    expect(isMasked('w***@example.com')).toBe(true);
    expect(isMasked('王**')).toBe(true);
    expect(contactDisplay('138****8000')).toEqual({ text: '138****8000', masked: true });
  });

  it('shows an owner\'s full value as sent and marks absence', () => {
    expect(contactDisplay('13800138000')).toEqual({ text: '13800138000', masked: false });
    expect(isMasked('a*b')).toBe(false);
    expect(contactDisplay('')).toEqual({ text: '—', masked: false });
    expect(contactDisplay(undefined)).toEqual({ text: '—', masked: false });
  });
});
