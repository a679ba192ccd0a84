import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalize } from 'json-canonicalize';

/** A value in the JSON data model that RFC 8785 can serialize. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Thrown when a value has no RFC 8785 representation; `path` locates it (`$.lines[2].amount`). */
export class CanonicalizationError extends Error {
  override readonly name = 'CanonicalizationError';

  constructor(
    readonly path: string,
    problem: string,
  ) {
    super(`cannot canonicalize ${path}: ${problem}`);
  }
}

/** RFC 8785 (JCS) text of a value: the only encoding this ledger ever hashes or signs. */
export function canonicalJson(value: unknown): string {
  if (value instanceof CanonicalJson) return value.text;
  return plainJson(value, 0) ?? canonicalize(toJsonValue(value, '$', new Set()));
}

/** An object's members, each either a value or that value's canonical JSON, computed before. */
export type CanonicalMembers<T> = { [K in keyof T]: T[K] | CanonicalJson };

/**
 * A value's RFC 8785 text, made only by canonicalizing: the text a signature was checked over is
 * then hashed and embedded in a ledger payload as it is, not canonicalized again (issue #17: the
 * signed document was canonicalized once for its signature, twice more for its hashes).
 */
export class CanonicalJson {
  private constructor(readonly text: string) {}

  static of(value: unknown): CanonicalJson {
    return new CanonicalJson(canonicalJson(value));
  }

  /**
   * The object of these members. JCS writes an object as its members in UTF-16 order of their
   * names, each member's value canonical itself, so a member given as CanonicalJson is copied.
   * A `__proto__` member is a member like any other, as in canonicalJson of the whole object.
   */
  static object<T extends object>(members: CanonicalMembers<T>): CanonicalJson {
    const written = Object.entries(members)
      .filter(([, value]) => value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, value]) => `${canonicalString(name, `$.${name}`)}:${canonicalJson(value)}`);
    return new CanonicalJson(`{${written.join(',')}}`);
  }

  /** The UTF-8 bytes, as signed and hashed. */
  get bytes(): Uint8Array {
    return utf8ToBytes(this.text);
  }
}

/** UTF-8 bytes of {@link canonicalJson}. */
export function canonicalBytes(value: unknown): Uint8Array {
  return utf8ToBytes(canonicalJson(value));
}

// In unicode mode a surrogate pair is one code point, so this matches only lone surrogates,
// which I-JSON (RFC 7493), and therefore RFC 8785, excludes.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * Copies `value` into plain JSON data, refusing what JCS cannot represent instead of letting
 * JSON.stringify silently drop or rewrite it: a hash of rewritten data proves nothing.
 */
function toJsonValue(value: unknown, path: string, ancestors: Set<object>): JsonValue {
  switch (typeof value) {
    case 'string':
      return checkedString(value, path);
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalizationError(path, `${value} is not JSON`);
      return value;
    case 'object':
      return value === null ? null : toJsonContainer(value, path, ancestors);
    default:
      throw new CanonicalizationError(path, `${typeof value} is not JSON`);
  }
}

function toJsonContainer(value: object, path: string, ancestors: Set<object>): JsonValue {
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    throw new CanonicalizationError(path, 'binary data must be encoded (hex) first');
  }
  if (value instanceof Map || value instanceof Set) {
    throw new CanonicalizationError(path, `${value.constructor.name} is not JSON`);
  }
  // Its own text already; parsed, so that it is written within this value's canonical text.
  if (value instanceof CanonicalJson) return JSON.parse(value.text) as JsonValue;
  if (hasToJson(value)) {
    // Same rule as JSON.stringify (a Date becomes its ISO string), but the result is checked too.
    return toJsonValue(value.toJSON(), path, ancestors);
  }
  if (ancestors.has(value)) throw new CanonicalizationError(path, 'circular reference');
  ancestors.add(value);
  const result = Array.isArray(value)
    ? value.map((item: unknown, i) => toJsonValue(item, `${path}[${i}]`, ancestors))
    : toJsonObject(value, path, ancestors);
  ancestors.delete(value);
  return result;
}

function toJsonObject(
  value: object,
  path: string,
  ancestors: Set<object>,
): { [key: string]: JsonValue } {
  const result: { [key: string]: JsonValue } = {};
  for (const [key, item] of Object.entries(value)) {
    const itemPath = `${path}.${key}`;
    checkedString(key, itemPath);
    // An undefined property is an absent optional field: it must hash like the object that
    // arrives after a JSON round trip (over HTTP or Kafka), where the property is gone.
    if (item === undefined) continue;
    // Defined, not assigned: assigning '__proto__' would set the copy's prototype, and the member,
    // which RFC 8785 writes like any other (JSON.parse makes it an own member), would be lost.
    Object.defineProperty(result, key, {
      value: toJsonValue(item, itemPath, ancestors),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}

/** RFC 8785 text of one string; throws CanonicalizationError on a lone surrogate. */
export function canonicalString(value: string, path: string): string {
  return JSON.stringify(checkedString(value, path));
}

function checkedString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalizationError(path, 'lone UTF-16 surrogate');
  return value;
}

// Deeper documents, and cycles, take the checked copy below.
const MAX_PLAIN_DEPTH = 32;

/**
 * The same text as the checked copy and json-canonicalize give, written in one pass, for plain
 * data (what JSON.parse returns: every document a verifier re-canonicalizes to check a
 * signature, once per entry). Undefined for anything else, even data that would canonicalize
 * (a Date, a `toJSON` key, a class instance, a lone surrogate, a non-finite
 * number, an undefined array item, depth beyond MAX_PLAIN_DEPTH): the checked copy then gives
 * its text, or the error with its path, so both ways agree byte for byte on every input.
 */
function plainJson(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return LONE_SURROGATE.test(value) ? undefined : JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : undefined;
    case 'object':
      if (value === null) return 'null';
      if (depth >= MAX_PLAIN_DEPTH || (value as { toJSON?: unknown }).toJSON !== undefined)
        return undefined;
      if (Array.isArray(value)) return plainArray(value, depth + 1);
      return isPlainObject(value) ? plainObject(value, depth + 1) : undefined;
    default:
      return undefined;
  }
}

function plainArray(items: unknown[], depth: number): string | undefined {
  if (Object.getPrototypeOf(items) !== Array.prototype) return undefined;
  let text = '[';
  for (let i = 0; i < items.length; i++) {
    const item = plainJson(items[i], depth);
    if (item === undefined) return undefined;
    text += i === 0 ? item : `,${item}`;
  }
  return `${text}]`;
}

function plainObject(value: Record<string, unknown>, depth: number): string | undefined {
  // Object.keys and Array#sort are Object.entries and json-canonicalize's own: own enumerable
  // string keys, sorted by UTF-16 code units.
  const keys = Object.keys(value).sort();
  let text = '{';
  for (const key of keys) {
    if (LONE_SURROGATE.test(key)) return undefined;
    const item = value[key];
    if (item === undefined) continue;
    const itemText = plainJson(item, depth);
    if (itemText === undefined) return undefined;
    text += `${text.length === 1 ? '' : ','}${JSON.stringify(key)}:${itemText}`;
  }
  return `${text}}`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function hasToJson(value: object): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
