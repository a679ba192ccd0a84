import { base64 } from '@scure/base';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { sha256 } from '../crypto';

/** Signature type bytes of c2sp.org/signed-note that Tax Chain uses. */
export const NoteSignatureType = { ed25519: 0x01, cosignatureV1: 0x04 } as const;
export type NoteSignatureType = (typeof NoteSignatureType)[keyof typeof NoteSignatureType];

/** One signature line: the key's name, its 4-byte key ID and the signature bytes after it. */
export interface NoteSignature {
  name: string;
  keyHash: number;
  signature: Uint8Array;
}

/** A signed note split into its text (ending in a newline) and its signature lines. */
export interface SignedNote {
  text: string;
  signatures: NoteSignature[];
}

/** A key a verifier trusts, as named in a vkey: `<name>+<8 hex key ID>+<base64(type || key)>`. */
export interface NoteVerifierKey {
  name: string;
  type: NoteSignatureType;
  keyHash: number;
  publicKey: Uint8Array;
}

const KEY_HASH_BYTES = 4;
const ED25519_KEY_BYTES = 32;
/** Go's note.Open refuses more; the spec asks verifiers to accept at least 16. */
export const MAX_NOTE_SIGNATURES = 100;
const SIGNATURE_PREFIX = '\u2014 ';

/** Key names: non-empty, no Unicode space, no plus. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !hasControlCharacter(name);
}

/** key ID = SHA-256(name || 0x0A || type || public key)[:4], as a big-endian uint32. */
export function noteKeyHash(name: string, type: NoteSignatureType, publicKey: Uint8Array): number {
  const digest = sha256(concatBytes(utf8ToBytes(`${name}\n`), Uint8Array.of(type), publicKey));
  return new DataView(digest.buffer, digest.byteOffset, KEY_HASH_BYTES).getUint32(0);
}

/** The verifier key of an Ed25519 public key under a name and signature type. */
export function noteVerifierKey(
  name: string,
  type: NoteSignatureType,
  publicKey: Uint8Array,
): NoteVerifierKey {
  if (!isValidKeyName(name)) throw new RangeError(`invalid note key name: ${name}`);
  if (publicKey.length !== ED25519_KEY_BYTES) throw new RangeError('not a 32-byte Ed25519 key');
  return { name, type, keyHash: noteKeyHash(name, type, publicKey), publicKey };
}

export function formatVerifierKey(key: NoteVerifierKey): string {
  const material = base64.encode(concatBytes(Uint8Array.of(key.type), key.publicKey));
  return `${key.name}+${hex8(key.keyHash)}+${material}`;
}

/** Parses a vkey; undefined unless it is well formed, of a type we know, with a matching key ID. */
export function parseVerifierKey(vkey: string): NoteVerifierKey | undefined {
  // The base64 key material may itself contain '+': only the first two separate fields.
  const match = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/s.exec(vkey);
  if (!match) return undefined;
  const [, name, hash, material] = match;
  const bytes = decodeBase64(material);
  if (bytes === undefined || bytes.length !== 1 + ED25519_KEY_BYTES) return undefined;
  const type = bytes[0];
  if (type !== NoteSignatureType.ed25519 && type !== NoteSignatureType.cosignatureV1)
    return undefined;
  if (!isValidKeyName(name)) return undefined;
  const key = noteVerifierKey(name, type, bytes.subarray(1));
  return hex8(key.keyHash) === hash ? key : undefined;
}

/** Parses a signed note; undefined when it breaks any rule of the format. */
export function parseSignedNote(note: string): SignedNote | undefined {
  if (hasControlCharacter(note) || !note.endsWith('\n')) return undefined;
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return undefined;
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) return undefined;
  const signatures = lines.map(parseSignatureLine);
  if (signatures.some((signature) => signature === undefined)) return undefined;
  return { text, signatures: signatures as NoteSignature[] };
}

/** One `— <name> <base64>` line, or undefined. */
export function parseSignatureLine(line: string): NoteSignature | undefined {
  if (!line.startsWith(SIGNATURE_PREFIX)) return undefined;
  const [name, encoded, ...rest] = line.slice(SIGNATURE_PREFIX.length).split(' ');
  if (rest.length > 0 || !isValidKeyName(name) || encoded === undefined) return undefined;
  const bytes = decodeBase64(encoded);
  if (bytes === undefined || bytes.length <= KEY_HASH_BYTES) return undefined;
  return signatureFromBytes(name, bytes);
}

/** The signature line, with its final newline. */
export function formatSignatureLine(signature: NoteSignature): string {
  return `${SIGNATURE_PREFIX}${signature.name} ${base64.encode(signatureBytes(signature))}\n`;
}

/** What a signature line encodes in base64: the 4-byte key ID, then the signature. */
export function signatureBytes(signature: NoteSignature): Uint8Array {
  const id = new Uint8Array(KEY_HASH_BYTES);
  new DataView(id.buffer).setUint32(0, signature.keyHash);
  return concatBytes(id, signature.signature);
}

/** The signature a line's bytes encode (see {@link signatureBytes}), under a key name. */
export function signatureFromBytes(name: string, bytes: Uint8Array): NoteSignature {
  if (bytes.length <= KEY_HASH_BYTES) throw new RangeError('signature too short');
  const keyHash = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0);
  return { name, keyHash, signature: bytes.slice(KEY_HASH_BYTES) };
}

export function formatSignedNote(note: SignedNote): string {
  if (!isNoteText(note.text)) throw new RangeError('note text must end in a newline');
  return `${note.text}\n${note.signatures.map(formatSignatureLine).join('')}`;
}

/** Text that can be signed: valid lines, each ending in a newline, no control characters. */
export function isNoteText(text: string): boolean {
  return text.endsWith('\n') && !hasControlCharacter(text);
}

/** The signatures of a note made by this key (same name and key ID); others are ignored. */
export function signaturesBy(note: SignedNote, key: NoteVerifierKey): NoteSignature[] {
  return note.signatures.filter((s) => s.name === key.name && s.keyHash === key.keyHash);
}

function decodeBase64(text: string): Uint8Array | undefined {
  try {
    return base64.decode(text);
  } catch {
    return undefined;
  }
}

/** A control character other than newline, or a lone surrogate (text that was not UTF-8). */
function hasControlCharacter(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0009\u000b-\u001f]/.test(text) || /\p{Cs}/u.test(text);
}

function hex8(value: number): string {
  return value.toString(16).padStart(8, '0');
}
