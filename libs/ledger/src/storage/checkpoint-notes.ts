import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type SignedNote, checkpointNoteText, signatureFromBytes } from '../note';

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
  constructor(private readonly dataSource: DataSource) {}

  /** The newest note of a chain, or undefined before its first one. */
  async latest(chain: number): Promise<CheckpointNote | undefined> {
    const [row] = await this.dataSource.query<NoteRow[]>(
      `SELECT origin, size, root, note_signature FROM ledger.checkpoints
       WHERE chain = $1 AND origin IS NOT NULL ORDER BY size DESC LIMIT 1`,
      [chain],
    );
    return row && toNote(chain, row);
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
