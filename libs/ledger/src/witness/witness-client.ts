import { type NoteSignature, cosignatureTime, parseSignatureLine, parseSignedNote } from '../note';
import { formatAddCheckpoint } from './add-checkpoint-request';
import type { WitnessEndpoint } from './witness-endpoints';

const TIMEOUT_MS = 5_000;

/** What a witness answered to `POST /add-checkpoint`. */
export type WitnessReply =
  | { kind: 'cosigned'; cosignature: NoteSignature; timestamp: number }
  | { kind: 'conflict'; size: number }
  | { kind: 'refused'; status: number; detail: string };

/**
 * Submits a checkpoint note to one witness (c2sp.org/tlog-witness) and checks the cosignature it
 * returns against the witness's pinned key. Throws when the witness cannot be reached or answers
 * something outside the protocol, which the caller retries later.
 */
export async function submitToWitness(
  witness: WitnessEndpoint,
  oldSize: number,
  proof: readonly Uint8Array[],
  note: string,
): Promise<WitnessReply> {
  const response = await fetch(`${witness.url}/add-checkpoint`, {
    method: 'POST',
    body: formatAddCheckpoint(oldSize, proof, note),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = await response.text();
  if (response.status === 409 && /^(0|[1-9][0-9]*)\n$/.test(body))
    return { kind: 'conflict', size: Number(body) };
  if (response.status >= 400 && response.status < 500)
    return { kind: 'refused', status: response.status, detail: body.slice(0, 2_000) };
  if (response.status !== 200)
    throw new Error(`witness ${witness.url} answered ${response.status}`);
  const text = parseSignedNote(note)!.text;
  for (const line of body.split('\n').filter(Boolean)) {
    const cosignature = parseSignatureLine(line);
    const timestamp = cosignature && cosignatureTime(text, cosignature, witness.key);
    if (cosignature && timestamp !== undefined) return { kind: 'cosigned', cosignature, timestamp };
  }
  throw new Error(`witness ${witness.url} returned no valid cosignature by ${witness.vkey}`);
}
