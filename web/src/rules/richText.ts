import { countScalarValues } from './text';

/**
 * Visible text of rich-text markup, exactly as the server computes it
 * (services/Activities/Domain/VisitRecords/RichText.cs): markup is not something the customer was
 * promised, so it neither counts toward length limits nor satisfies keyword rules.
 *
 * 1. `<` starts a tag when followed by an ASCII letter, `/` or `!`; the tag runs to the next `>`
 *    and is removed. Any other `<`, or one without a closing `>`, is literal.
 * 2. `&amp; &lt; &gt; &quot; &apos; &nbsp;` and `&#NNN;` / `&#xHH;` decode to the character they
 *    name; any other `&` is literal. The `;` must be at most 10 code units after the `&` (server
 *    behaviour, not in the README; see notes/requests.md).
 */
export function toVisibleText(markup: string): string {
  let text = '';
  let i = 0;
  while (i < markup.length) {
    const c = markup[i];
    if (c === '<' && i + 1 < markup.length && startsTag(markup.charCodeAt(i + 1))) {
      const close = markup.indexOf('>', i + 1);
      if (close >= 0) {
        i = close + 1;
        continue;
      }
    }
    if (c === '&') {
      const entity = decodeEntity(markup, i);
      if (entity) {
        text += entity.decoded;
        i += entity.consumed;
        continue;
      }
    }
    text += c;
    i++;
  }
  return text;
}

export function visibleLength(markup: string): number {
  return countScalarValues(toVisibleText(markup));
}

function startsTag(unit: number): boolean {
  return unit === 0x2f /* / */ || unit === 0x21 /* ! */ || ((unit | 0x20) >= 0x61 && (unit | 0x20) <= 0x7a);
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

// The server parses the digits into a 32-bit int: at most 8 hex digits ("FFFFFFFF" wraps to -1,
// which is then not a valid scalar) and at most 2147483647 in decimal.
function decodeEntity(s: string, start: number): { decoded: string; consumed: number } | null {
  const semicolon = s.indexOf(';', start + 1);
  if (semicolon < 0 || semicolon - start > 10) return null;
  const name = s.substring(start + 1, semicolon);
  const consumed = semicolon - start + 1;
  if (Object.prototype.hasOwnProperty.call(NAMED, name)) return { decoded: NAMED[name]!, consumed };
  if (name.length > 1 && name[0] === '#') {
    const hex = name[1] === 'x' || name[1] === 'X';
    const digits = hex ? name.substring(2) : name.substring(1);
    const pattern = hex ? /^[0-9A-Fa-f]{1,8}$/ : /^[0-9]+$/;
    if (!pattern.test(digits)) return null;
    const codePoint = hex ? parseInt(digits, 16) : Number(digits);
    if (!hex && codePoint > 0x7fffffff) return null;
    if (codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return null;
    return { decoded: String.fromCodePoint(codePoint), consumed };
  }
  return null;
}
