import { base64 } from '@scure/base';
import { HASH_LENGTH } from '../crypto';
import {
  type CheckpointNoteBody,
  type SignedNote,
  parseCheckpointNoteText,
  parseSignedNote,
} from '../note';

/** The body of c2sp.org/tlog-witness `POST /add-checkpoint`, parsed. */
export interface AddCheckpointRequest {
  oldSize: number;
  /** Consistency proof from `oldSize` to the checkpoint's size, leaf side first. */
  proof: Uint8Array[];
  /** The signed note exactly as received. */
  noteText: string;
  note: SignedNote;
  checkpoint: CheckpointNoteBody;
}

/** A proof longer than this cannot be for a tree of at most 2^63 leaves. */
const MAX_PROOF_LINES = 63;

/**
 * `old <size>\n`, one base64 hash per line, an empty line, then the signed checkpoint note;
 * undefined when any part is malformed.
 */
export function parseAddCheckpoint(body: string): AddCheckpointRequest | undefined {
  const split = body.indexOf('\n\n');
  if (split < 0) return undefined;
  const [oldLine, ...proofLines] = body.slice(0, split).split('\n');
  const old = /^old (0|[1-9][0-9]{0,15})$/.exec(oldLine);
  if (!old || proofLines.length > MAX_PROOF_LINES) return undefined;
  const proof = proofLines.map(decodeHash);
  if (proof.some((hash) => hash === undefined)) return undefined;
  const noteText = body.slice(split + 2);
  const note = parseSignedNote(noteText);
  const checkpoint = note && parseCheckpointNoteText(note.text);
  const oldSize = Number(old[1]);
  if (!note || !checkpoint || !Number.isSafeInteger(oldSize)) return undefined;
  return { oldSize, proof: proof as Uint8Array[], noteText, note, checkpoint };
}

/** The request body a log client sends (the inverse of {@link parseAddCheckpoint}). */
export function formatAddCheckpoint(
  oldSize: number,
  proof: readonly Uint8Array[],
  note: string,
): string {
  return [`old ${oldSize}`, ...proof.map((hash) => base64.encode(hash))].join('\n') + `\n\n${note}`;
}

function decodeHash(line: string): Uint8Array | undefined {
  try {
    const hash = base64.decode(line);
    return hash.length === HASH_LENGTH ? hash : undefined;
  } catch {
    return undefined;
  }
}
