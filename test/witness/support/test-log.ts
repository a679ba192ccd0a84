import { randomBytes } from 'node:crypto';
import {
  NoteSignatureType,
  checkpointNoteText,
  consistencyProof,
  formatSignedNote,
  formatVerifierKey,
  generateSecretKey,
  leafHash,
  memorySubtree,
  merkleRoot,
  nobleEd25519,
  noteVerifierKey,
  signNote,
} from '@taxchain/ledger';
import { formatAddCheckpoint } from '@taxchain/ledger/witness';

/** A transparency log held in memory, signing its checkpoints as the authority would. */
export class TestLog {
  readonly leaves: Uint8Array[] = [];
  private readonly secret = generateSecretKey();

  constructor(readonly origin: string) {}

  get vkey(): string {
    return formatVerifierKey(this.signer.key);
  }

  append(count: number): this {
    for (let i = 0; i < count; i += 1) this.leaves.push(leafHash(randomBytes(16)));
    return this;
  }

  /** The signed note of the first `size` leaves (of `leaves`, for a rewritten history). */
  note(size = this.leaves.length, leaves = this.leaves): string {
    const text = checkpointNoteText({
      origin: this.origin,
      size,
      root: merkleRoot(leaves.slice(0, size)),
    });
    return formatSignedNote({ text, signatures: [signNote(text, this.signer)] });
  }

  /** An add-checkpoint body from `oldSize` to the newest checkpoint, with a true proof. */
  async addCheckpoint(oldSize: number, size = this.leaves.length): Promise<string> {
    const proof = await consistencyProof(oldSize, size, memorySubtree(this.leaves.slice(0, size)));
    return formatAddCheckpoint(oldSize, proof, this.note(size));
  }

  private get signer() {
    const key = noteVerifierKey(
      this.origin,
      NoteSignatureType.ed25519,
      nobleEd25519.publicKeyOf(this.secret),
    );
    return { key, sign: (message: Uint8Array) => nobleEd25519.sign(message, this.secret) };
  }
}
