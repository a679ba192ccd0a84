import { bytesEqual } from '../crypto';
import { verifyConsistency } from '../merkle';
import {
  type NoteVerifierKey,
  cosignNote,
  formatSignatureLine,
  noteSignedBy,
  signaturesBy,
} from '../note';
import { type AddCheckpointRequest, parseAddCheckpoint } from './add-checkpoint-request';
import type { WitnessKey } from './witness-key';
import type { CosignedState, EvidenceKind, WitnessStore } from './witness-store';

/** What `POST /add-checkpoint` answers, as c2sp.org/tlog-witness defines the statuses. */
export type AddCheckpointAnswer =
  | { status: 200; cosignature: string }
  | { status: 409; size: number; evidence?: EvidenceKind }
  | { status: 400 | 403 | 404 | 422; problem: string; detail: string };

/**
 * Cosigns a log's checkpoint only when it extends, by a valid consistency proof, the last one it
 * cosigned for that log; a smaller or conflicting checkpoint signed by the log is kept as
 * evidence. The new state is stored (compare-and-swap) before the cosignature is returned.
 */
export class Witness {
  constructor(
    readonly key: WitnessKey,
    /** The logs this witness follows: origin → the log's trusted note keys. */
    private readonly logs: ReadonlyMap<string, readonly NoteVerifierKey[]>,
    private readonly store: WitnessStore,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async addCheckpoint(body: string): Promise<AddCheckpointAnswer> {
    const request = parseAddCheckpoint(body);
    if (!request)
      return refuse(
        400,
        'malformed-request',
        'not old size, proof lines, blank line and a checkpoint note',
      );
    const { origin, size, root } = request.checkpoint;
    const keys = this.logs.get(origin);
    if (!keys) return refuse(404, 'unknown-log', `this witness does not follow ${origin}`);
    if (!signedByLog(request, keys))
      return refuse(403, 'not-signed-by-log', `no valid signature by a key of ${origin}`);
    const known = await this.store.latest(origin);
    const knownSize = known?.size ?? 0;
    const conflict = known && conflictWith(known, request);
    if (conflict) {
      await this.store.keep({ ...evidenceOf(known, request), kind: conflict });
      return { status: 409, size: knownSize, evidence: conflict };
    }
    // After the conflict check: a smaller checkpoint is evidence whatever old size it came with.
    if (request.oldSize > size)
      return refuse(400, 'old-size-too-large', 'old size exceeds the checkpoint size');
    if (request.oldSize !== knownSize) return { status: 409, size: knownSize };
    if (known && !verifyConsistency(known.size, size, known.root, root, request.proof)) {
      await this.store.keep({ ...evidenceOf(known, request), kind: 'inconsistent' });
      return refuse(
        422,
        'inconsistent',
        `no valid consistency proof from size ${known.size} to ${size}`,
      );
    }
    const repeated = known && known.size === size;
    if (
      !repeated &&
      !(await this.store.advance(known, { origin, size, root, note: request.noteText }))
    )
      return { status: 409, size: (await this.store.latest(origin))?.size ?? 0 };
    const cosignature = cosignNote(request.note.text, this.key.signer, this.now());
    return { status: 200, cosignature: formatSignatureLine(cosignature) };
  }
}

function signedByLog(request: AddCheckpointRequest, keys: readonly NoteVerifierKey[]): boolean {
  const signers = keys.filter((key) => signaturesBy(request.note, key).length > 0);
  return signers.length > 0 && signers.every((key) => noteSignedBy(request.note, key));
}

/** A checkpoint no honest log signs after `known`: a smaller tree, or the same size with another root. */
function conflictWith(
  known: CosignedState,
  request: AddCheckpointRequest,
): EvidenceKind | undefined {
  const { size, root } = request.checkpoint;
  if (size < known.size) return 'rollback';
  if (size === known.size && !bytesEqual(root, known.root)) return 'split-view';
  return undefined;
}

function evidenceOf(known: CosignedState, request: AddCheckpointRequest) {
  return {
    origin: known.origin,
    cosignedNote: known.note,
    offeredNote: request.noteText,
    oldSize: request.oldSize,
    proof: request.proof,
  };
}

function refuse(
  status: 400 | 403 | 404 | 422,
  problem: string,
  detail: string,
): AddCheckpointAnswer {
  return { status, problem, detail };
}
