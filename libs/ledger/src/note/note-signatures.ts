import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { type Ed25519Engine, nobleEd25519 } from '../crypto';
import {
  type NoteSignature,
  NoteSignatureType,
  type NoteVerifierKey,
  type SignedNote,
  isNoteText,
  signaturesBy,
} from './signed-note';

/** Who signs a note: a named Ed25519 key whose secret half stays behind `sign`. */
export interface NoteSigner {
  key: NoteVerifierKey;
  sign(message: Uint8Array): Uint8Array;
}

/** The Ed25519 (type 0x01) signature of a note text. */
export function signNote(text: string, signer: NoteSigner): NoteSignature {
  if (signer.key.type !== NoteSignatureType.ed25519) throw new RangeError('not an ed25519 key');
  if (!isNoteText(text)) throw new RangeError('note text must end in a newline');
  const { name, keyHash } = signer.key;
  return { name, keyHash, signature: signer.sign(utf8ToBytes(text)) };
}

/**
 * True when the note carries at least one signature by this Ed25519 key and every signature by it
 * verifies over the text (a known key's bad signature rejects the note, as the format asks).
 */
export function noteSignedBy(
  note: SignedNote,
  key: NoteVerifierKey,
  engine: Ed25519Engine = nobleEd25519,
): boolean {
  if (key.type !== NoteSignatureType.ed25519) return false;
  const mine = signaturesBy(note, key);
  const message = utf8ToBytes(note.text);
  return mine.length > 0 && mine.every((s) => engine.verify(s.signature, message, key.publicKey));
}

const COSIGNATURE_HEADER = 'cosignature/v1\n';
const TIMESTAMP_BYTES = 8;
const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** What a cosigner signs: `cosignature/v1\ntime <ts>\n` then the checkpoint note text. */
export function cosignatureMessage(text: string, timestamp: number): Uint8Array {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('bad timestamp');
  return utf8ToBytes(`${COSIGNATURE_HEADER}time ${timestamp}\n${text}`);
}

/** A c2sp.org/tlog-cosignature (type 0x04): 8-byte big-endian timestamp || Ed25519 signature. */
export function cosignNote(text: string, signer: NoteSigner, timestamp: number): NoteSignature {
  if (signer.key.type !== NoteSignatureType.cosignatureV1)
    throw new RangeError('not a cosignature key');
  const stamp = new Uint8Array(TIMESTAMP_BYTES);
  new DataView(stamp.buffer).setBigUint64(0, BigInt(timestamp));
  const { name, keyHash } = signer.key;
  const signature = signer.sign(cosignatureMessage(text, timestamp));
  return { name, keyHash, signature: concatBytes(stamp, signature) };
}

/** The timestamp of a valid cosignature of the note text by this key, or undefined. */
export function cosignatureTime(
  text: string,
  cosignature: NoteSignature,
  key: NoteVerifierKey,
  engine: Ed25519Engine = nobleEd25519,
): number | undefined {
  if (key.type !== NoteSignatureType.cosignatureV1) return undefined;
  if (cosignature.name !== key.name || cosignature.keyHash !== key.keyHash) return undefined;
  if (cosignature.signature.length !== TIMESTAMP_BYTES + 64) return undefined;
  const bytes = cosignature.signature;
  const stamp = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0);
  if (stamp > MAX_TIMESTAMP || stamp > BigInt(Number.MAX_SAFE_INTEGER)) return undefined;
  const timestamp = Number(stamp);
  const message = cosignatureMessage(text, timestamp);
  return engine.verify(bytes.subarray(TIMESTAMP_BYTES), message, key.publicKey)
    ? timestamp
    : undefined;
}
