/**
 * Text semantics shared with the server (services/Activities/Domain/Common/TextRules.cs).
 * Spelled out by hand — no String.prototype.trim, no toLowerCase, no Intl — because the
 * built-ins differ from the server's definitions (trim strips U+FEFF but not U+0085;
 * toLowerCase folds non-ASCII letters), and an offline client must never disagree with it.
 */

/** Unicode White_Space, the exact list the server uses. */
export function isWhiteSpace(codeUnit: number): boolean {
  return (
    (codeUnit >= 0x09 && codeUnit <= 0x0d) ||
    codeUnit === 0x20 ||
    codeUnit === 0x85 ||
    codeUnit === 0xa0 ||
    codeUnit === 0x1680 ||
    (codeUnit >= 0x2000 && codeUnit <= 0x200a) ||
    codeUnit === 0x2028 ||
    codeUnit === 0x2029 ||
    codeUnit === 0x202f ||
    codeUnit === 0x205f ||
    codeUnit === 0x3000
  );
}

/** Missing, empty, or only White_Space characters. */
export function isBlank(text: string | null | undefined): boolean {
  if (text == null) return true;
  for (let i = 0; i < text.length; i++) {
    if (!isWhiteSpace(text.charCodeAt(i))) return false;
  }
  return true;
}

/** Removes White_Space (and only White_Space) from both ends. */
export function trimWhiteSpace(text: string): string {
  let start = 0;
  let end = text.length - 1;
  while (start <= end && isWhiteSpace(text.charCodeAt(start))) start++;
  while (end >= start && isWhiteSpace(text.charCodeAt(end))) end--;
  return text.substring(start, end + 1);
}

/**
 * Length in Unicode scalar values: 汉 = 1, a = 1, 😀 = 1, a lone surrogate = 1 (👍🏽 = 2).
 * Counted by hand rather than `[...text].length` so the rule is visible where it is used.
 */
export function countScalarValues(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** A–Z become a–z; every other character is unchanged (no Unicode case folding). */
export function foldAscii(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out += unit >= 0x41 && unit <= 0x5a ? String.fromCharCode(unit | 0x20) : text[i];
  }
  return out;
}

/** Substring search where only ASCII letters compare case-insensitively. */
export function containsAsciiCaseInsensitive(text: string, keyword: string): boolean {
  return foldAscii(text).includes(foldAscii(keyword));
}
