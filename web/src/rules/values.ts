import { countScalarValues, isBlank, trimWhiteSpace } from './text';

/**
 * A record value after type checking, mirroring the server's RuleValue: text keeps its trimmed
 * form and scalar length; lists know whether they hold any non-blank element.
 */
export type RuleValue =
  | { kind: 'missing' }
  | { kind: 'text'; text: string; trimmed: string; length: number; empty: boolean }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'number'; value: string }
  | { kind: 'textList'; items: string[]; empty: boolean };

export const MISSING: RuleValue = { kind: 'missing' };

export function textValue(text: string): RuleValue {
  return { kind: 'text', text, trimmed: trimWhiteSpace(text), length: countScalarValues(text), empty: isBlank(text) };
}

export function listValue(items: string[]): RuleValue {
  return { kind: 'textList', items, empty: items.every((item) => isBlank(item)) };
}

export function isEmptyValue(value: RuleValue): boolean {
  switch (value.kind) {
    case 'missing':
      return true;
    case 'text':
    case 'textList':
      return value.empty;
    default:
      return false; // booleans (also false) and numbers are never empty
  }
}

/**
 * Numbers compare by value like the server's System.Decimal (28–29 significant digits), not
 * like IEEE doubles: `0.30000000000000001` ≠ `0.3` on the server, so numbers are kept as
 * canonical decimal strings. JSON.parse has already rounded to a double by the time we see a
 * number, so callers that need that precision must pass the number's source text (see
 * `parseRecordJson`); for ordinary values (≤ 15 significant digits) the double is exact enough.
 */
export function canonicalDecimal(source: string): string | null {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(source.trim());
  if (!match) return null;
  const [, sign, intPart, fracPart = '', expPart = '0'] = match;
  let digits = (intPart! + fracPart).replace(/^0+/, '');
  let exponent = Number(expPart) - fracPart.length; // value = digits × 10^exponent
  if (digits === '') return '0';
  while (digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    exponent++;
  }
  // System.Decimal: 96-bit mantissa (max 79228162514264337593543950335), scale 0..28.
  // Smaller digits beyond scale 28 are rounded away by the server; larger magnitudes are refused.
  if (exponent < -28) {
    const keep = digits.length + exponent + 28;
    if (keep <= 0) return '0';
    digits = roundDigits(digits, keep);
    exponent = -28;
    while (digits.endsWith('0')) {
      digits = digits.slice(0, -1);
      exponent++;
    }
    if (digits === '') return '0';
  }
  const integerDigits = digits.length + exponent;
  if (integerDigits > 29) return null;
  if (integerDigits === 29) {
    const whole = exponent >= 0 ? digits + '0'.repeat(exponent) : digits.slice(0, integerDigits);
    if (whole > '79228162514264337593543950335') return null;
  }
  return `${sign}${digits}e${exponent}`;
}

function roundDigits(digits: string, keep: number): string {
  const head = digits.slice(0, keep);
  if (digits.charCodeAt(keep) < 0x35 /* '5' */) return head;
  // round half away from zero
  const chars = head.split('');
  let i = chars.length - 1;
  while (i >= 0) {
    if (chars[i] === '9') {
      chars[i] = '0';
      i--;
    } else {
      chars[i] = String.fromCharCode(chars[i]!.charCodeAt(0) + 1);
      break;
    }
  }
  return (i < 0 ? '1' : '') + chars.join('');
}

/** Canonical decimal for a JS number (shortest round-trip text, as JSON.stringify writes it). */
export function decimalOfNumber(value: number): string | null {
  return Number.isFinite(value) ? canonicalDecimal(String(value)) : null;
}
