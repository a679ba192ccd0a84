import { type Ed25519Engine, nobleEd25519 } from '../crypto';
import { type CheckpointNoteBody, parseCheckpointNoteText } from './checkpoint-note';
import { noteSignedBy } from './note-signatures';
import {
  type NoteVerifierKey,
  type SignedNote,
  parseSignedNote,
  signaturesBy,
} from './signed-note';

/** Outcome of {@link verifyCheckpointNote}; the reasons are the names docs/spec uses. */
export type CheckpointNoteVerdict =
  | { ok: true; body: CheckpointNoteBody; note: SignedNote }
  | { ok: false; reason: 'note-malformed' | 'note-unknown-key' | 'note-bad-signature' };

/**
 * Checks a checkpoint note against the log's verifier keys (its origin is their name): the note
 * and its text are well formed, a trusted key signed it, and every signature by a trusted key
 * verifies. Signatures by other keys (witnesses among them) are ignored here.
 */
export function verifyCheckpointNote(
  note: string,
  logKeys: readonly NoteVerifierKey[],
  engine: Ed25519Engine = nobleEd25519,
): CheckpointNoteVerdict {
  const parsed = parseSignedNote(note);
  const body = parsed && parseCheckpointNoteText(parsed.text);
  if (!parsed || !body) return { ok: false, reason: 'note-malformed' };
  const signers = logKeys.filter(
    (key) => key.name === body.origin && signaturesBy(parsed, key).length > 0,
  );
  if (signers.length === 0) return { ok: false, reason: 'note-unknown-key' };
  if (!signers.every((key) => noteSignedBy(parsed, key, engine)))
    return { ok: false, reason: 'note-bad-signature' };
  return { ok: true, body, note: parsed };
}
