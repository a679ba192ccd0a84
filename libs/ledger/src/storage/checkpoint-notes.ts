import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type SignedNote, checkpointNoteText, signatureFromBytes } from '../note';
import { Cosignatures } from './cosignatures';

interface NoteRow {
  origin: string;
  size: string;
  root: Buffer;
  note_signature: Buffer;
}

/** A chain's checkpoint as a c2sp.org/tlog-checkpoint note. */
export interface CheckpointNote {
  chain: number;
  size: number;
  note: SignedNote;
}

/** Reads the checkpoints sealed with a note (every one since the checkpoint-notes migration). */
@Injectable()
export class CheckpointNotes {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cosignatures: Cosignatures,
  ) {}

  /** The newest note of a chain, or undefined before its first one. */
  async latest(chain: number): Promise<CheckpointNote | undefined> {
    const [row] = await this.dataSource.query<NoteRow[]>(
      `SELECT origin, size, root, note_signature FROM ledger.checkpoints
       WHERE chain = $1 AND origin IS NOT NULL ORDER BY size DESC LIMIT 1`,
      [chain],
    );
    return row && toNote(chain, row);
  }

  /** The newest note of a chain with every witness cosignature collected for it. */
  async latestCosigned(chain: number): Promise<CheckpointNote | undefined> {
    const latest = await this.latest(chain);
    if (!latest) return undefined;
    const cosignatures = await this.cosignatures.of(chain, latest.size);
    return {
      ...latest,
      note: { ...latest.note, signatures: [...latest.note.signatures, ...cosignatures] },
    };
  }
}

function toNote(chain: number, row: NoteRow): CheckpointNote {
  const size = Number(row.size);
  const text = checkpointNoteText({ origin: row.origin, size, root: row.root });
  return {
    chain,
    size,
    note: { text, signatures: [signatureFromBytes(row.origin, row.note_signature)] },
  };
}
