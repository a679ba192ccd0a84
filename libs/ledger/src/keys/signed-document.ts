/** A payload's signed `document`: its keyId and its RFC 8785 text, the bytes its signature covers. */
export interface SignedDocument {
  keyId: string;
  text: string;
}

// Nesting beyond this is left to the parsing path (canonicalJson takes its checked copy there).
const MAX_DEPTH = 32;
// Integers of up to 15 digits are written by RFC 8785 exactly as they are (|n| < 2^53).
const MAX_INTEGER_DIGITS = 15;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/**
 * The signed document of a payload, read off the payload's stored text without parsing it: when
 * that text is RFC 8785 as canonicalJson writes it, the document's canonical text is the part of
 * it that is the document's value, byte for byte what canonicalJson(JSON.parse(payload).document)
 * gives (the verifier's hot path: one signature per entry, whose document it re-canonicalized).
 *
 * A recognizer, not a parser: it accepts only texts it can prove canonical (objects whose keys are
 * strictly ascending, strings without escapes or lone surrogates, integers of up to 15 digits but
 * -0, true, false, null, no whitespace) with a `document` object whose `keyId` is a string.
 * Anything else, canonical or not, is undefined: the caller parses and canonicalizes it as before,
 * so that every verdict is what it would have been.
 */
export function signedDocumentOf(payload: string): SignedDocument | undefined {
  const reader = new CanonicalReader(payload);
  return reader.object(1) && reader.at === payload.length ? reader.signed() : undefined;
}

/** One pass over a text, left at the end of what it accepted so far. */
class CanonicalReader {
  at = 0;
  private documentStart = -1;
  private documentEnd = -1;
  private inDocument = false;
  private keyId: string | undefined;

  constructor(private readonly text: string) {}

  signed(): SignedDocument | undefined {
    if (this.documentStart < 0 || this.keyId === undefined) return undefined;
    return { keyId: this.keyId, text: this.text.slice(this.documentStart, this.documentEnd) };
  }

  /** An object at `depth` (the payload is 1, its document 2), whose keys are strictly ascending. */
  object(depth: number): boolean {
    if (depth > MAX_DEPTH || this.text.charCodeAt(this.at) !== OPEN_OBJECT) return false;
    this.at += 1;
    if (this.text.charCodeAt(this.at) === CLOSE_OBJECT) {
      this.at += 1;
      return true;
    }
    // The previous key's text, between its quotes: compared in place, no string per key.
    let previousStart = -1;
    let previousEnd = -1;
    for (;;) {
      const start = this.at + 1;
      if (!this.string()) return false;
      const end = this.at - 1;
      // UTF-16 order, as RFC 8785 sorts; equal keys would be a duplicate, which JSON.parse merges.
      if (previousStart >= 0 && this.compare(previousStart, previousEnd, start, end) >= 0)
        return false;
      if (this.isKey(start, end, '__proto__') || this.isKey(start, end, 'toJSON')) return false;
      if (this.text.charCodeAt(this.at) !== COLON) return false;
      this.at += 1;
      if (!this.member(depth, start, end)) return false;
      previousStart = start;
      previousEnd = end;
      const next = this.text.charCodeAt(this.at);
      this.at += 1;
      if (next === CLOSE_OBJECT) return true;
      if (next !== COMMA) return false;
    }
  }

  /** The order of two keys' texts by UTF-16 code units: negative when the first comes first. */
  private compare(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
    const length = Math.min(aEnd - aStart, bEnd - bStart);
    for (let i = 0; i < length; i += 1) {
      const difference = this.text.charCodeAt(aStart + i) - this.text.charCodeAt(bStart + i);
      if (difference !== 0) return difference;
    }
    return aEnd - aStart - (bEnd - bStart);
  }

  private isKey(start: number, end: number, name: string): boolean {
    return end - start === name.length && this.text.startsWith(name, start);
  }

  /**
   * A member's value, its key's text between `keyStart` and `keyEnd`: the payload's document and
   * the document's keyId are noted where they are. `__proto__` and `toJSON` are refused as keys:
   * JSON.parse keeps the first, which canonicalJson leaves out, and canonicalJson takes another
   * path for an object that has the second.
   */
  private member(depth: number, keyStart: number, keyEnd: number): boolean {
    const start = this.at;
    if (depth === 1 && this.isKey(keyStart, keyEnd, 'document')) {
      this.inDocument = true;
      if (!this.object(depth + 1)) return false;
      this.inDocument = false;
      this.documentStart = start;
      this.documentEnd = this.at;
      return true;
    }
    if (!this.value(depth)) return false;
    if (
      this.inDocument &&
      depth === 2 &&
      this.isKey(keyStart, keyEnd, 'keyId') &&
      this.text.charCodeAt(start) === QUOTE
    )
      this.keyId = this.text.slice(start + 1, this.at - 1);
    return true;
  }

  private value(depth: number): boolean {
    const c = this.text.charCodeAt(this.at);
    if (c === OPEN_OBJECT) return this.object(depth + 1);
    if (c === OPEN_ARRAY) return this.array(depth + 1);
    if (c === QUOTE) return this.string();
    if (c === MINUS || (c >= ZERO && c <= NINE)) return this.integer();
    return this.literal('true') || this.literal('false') || this.literal('null');
  }

  private array(depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    this.at += 1;
    if (this.text.charCodeAt(this.at) === CLOSE_ARRAY) {
      this.at += 1;
      return true;
    }
    for (;;) {
      if (!this.value(depth)) return false;
      const next = this.text.charCodeAt(this.at);
      this.at += 1;
      if (next === CLOSE_ARRAY) return true;
      if (next !== COMMA) return false;
    }
  }

  /**
   * A string as RFC 8785 writes it when it needs no escape: no quote, backslash or control
   * character inside, and every surrogate in a pair (a lone one has no canonical text).
   */
  private string(): boolean {
    const text = this.text;
    if (text.charCodeAt(this.at) !== QUOTE) return false;
    for (let i = this.at + 1; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.at = i + 1;
        return true;
      }
      if (c === BACKSLASH || c < 0x20) return false;
      if (c >= 0xd800 && c <= 0xdfff) {
        // A surrogate: a high one followed by a low one is a pair.
        const low = text.charCodeAt(i + 1);
        if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return false;
        i += 1;
      }
    }
    return false;
  }

  /** An integer RFC 8785 writes as it is: no leading zero, no -0, at most 15 digits. */
  private integer(): boolean {
    const negative = this.text.charCodeAt(this.at) === MINUS;
    const first = this.at + (negative ? 1 : 0);
    let end = first;
    while (end < this.text.length) {
      const c = this.text.charCodeAt(end);
      if (c < ZERO || c > NINE) break;
      end += 1;
    }
    const digits = end - first;
    if (digits === 0 || digits > MAX_INTEGER_DIGITS) return false;
    if (this.text.charCodeAt(first) === ZERO && (digits > 1 || negative)) return false;
    this.at = end;
    return true;
  }

  private literal(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false;
    this.at += word.length;
    return true;
  }
}
