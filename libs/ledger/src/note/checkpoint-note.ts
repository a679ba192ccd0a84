import { base64 } from '@scure/base';
import { HASH_LENGTH } from '../crypto';
import { isNonNegativeSafeInteger } from '../crypto/guards';
import { isNoteText } from './signed-note';

/** The three lines of a c2sp.org/tlog-checkpoint note text. */
export interface CheckpointNoteBody {
  origin: string;
  size: number;
  /** RFC 6962 root over the first `size` leaves. */
  root: Uint8Array;
}

/** The log origin of one chain: `<prefix>/<chain>`. */
export function chainOrigin(prefix: string, chain: number): string {
  return `${prefix}/${chain}`;
}

/** Origin prefixes: a schema-less URL path, no spaces, no plus, no trailing slash. */
export function isOriginPrefix(prefix: string): boolean {
  return /^[A-Za-z0-9.-]+(\/[A-Za-z0-9._~-]+)*$/.test(prefix);
}

/** `origin\nsize\nbase64(root)\n`: the note text the authority signs. */
export function checkpointNoteText(body: CheckpointNoteBody): string {
  if (!isNonNegativeSafeInteger(body.size) || body.root.length !== HASH_LENGTH)
    throw new RangeError('malformed checkpoint note body');
  const text = `${body.origin}\n${body.size}\n${base64.encode(body.root)}\n`;
  if (body.origin.length === 0 || !isNoteText(text)) throw new RangeError('malformed origin');
  return text;
}

/**
 * Reads a checkpoint note text; undefined unless the origin is non-empty, the size is decimal with
 * no leading zero, the root is 32 bytes of padded base64, and no extension line is empty.
 */
export function parseCheckpointNoteText(text: string): CheckpointNoteBody | undefined {
  if (!isNoteText(text)) return undefined;
  const [origin, size, root, ...extensions] = text.slice(0, -1).split('\n');
  if (!origin || size === undefined || root === undefined) return undefined;
  if (extensions.some((line) => line.length === 0)) return undefined;
  if (!/^(0|[1-9][0-9]{0,15})$/.test(size) || !Number.isSafeInteger(Number(size))) return undefined;
  let hash: Uint8Array;
  try {
    hash = base64.decode(root);
  } catch {
    return undefined;
  }
  if (hash.length !== HASH_LENGTH) return undefined;
  return { origin, size: Number(size), root: hash };
}
