import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SignedCheckpoint } from '../checkpoint';
import { chainOf } from '../chain-of';
import type { LedgerEntry } from '../ledger-entry';
import { LedgerSettings } from '../ledger-settings';
import { ServedEntries } from '../verify/served-entries';
import { CHECKPOINT_COLUMNS, checkpointFromRow, type CheckpointRow } from './checkpoint-row';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from './entry-row';

/** Read access to recorded entries and checkpoints; entries are verified before they are served. */
@Injectable()
export class LedgerReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: LedgerSettings,
    private readonly served: ServedEntries,
  ) {}

  /** Every entry about a subject, in chain order; refused when one no longer hashes as recorded. */
  async entriesOf(subject: string): Promise<LedgerEntry[]> {
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger.entries WHERE subject = $1 AND chain = $2 ORDER BY seq`,
      [subject, chainOf(subject, this.settings.chains)],
    );
    return this.served.checked(rows.map(toEntry));
  }

  /**
   * The invoice.credited entry recording a credit note, found by the credit note's own number
   * (the ledger's credit-note index); it lives on its original's subject and chain.
   */
  async creditNoteEntry(creditNoteNumber: string): Promise<LedgerEntry | undefined> {
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger.entries
        WHERE kind = 'invoice.credited' AND ledger.credit_note_number(payload) = $1`,
      [creditNoteNumber],
    );
    return (await this.served.checked(rows.map(toEntry)))[0];
  }

  async entryByIdentity(identity: string): Promise<LedgerEntry | undefined> {
    const rows = await this.dataSource.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger.entries WHERE identity = $1`,
      [identity],
    );
    return (await this.served.checked(rows.map(toEntry)))[0];
  }

  /** The newest checkpoint of a chain, if any. */
  async latestCheckpoint(chain: number): Promise<SignedCheckpoint | undefined> {
    const rows = await this.dataSource.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger.checkpoints WHERE chain = $1 ORDER BY size DESC LIMIT 1`,
      [chain],
    );
    return rows.map(checkpointFromRow)[0];
  }

  /** Every checkpoint of a chain, oldest first. */
  async checkpoints(chain: number): Promise<SignedCheckpoint[]> {
    const rows = await this.dataSource.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM ledger.checkpoints WHERE chain = $1 ORDER BY size`,
      [chain],
    );
    return rows.map(checkpointFromRow);
  }

  /** Current size of every chain. */
  async heads(): Promise<Array<{ chain: number; size: number; headHash: string }>> {
    const rows = await this.dataSource.query<Array<{ chain: number; seq: string; hash: Buffer }>>(
      'SELECT chain, seq, hash FROM ledger.heads ORDER BY chain',
    );
    return rows.map((row) => ({
      chain: row.chain,
      size: Number(row.seq) + 1,
      headHash: row.hash.toString('hex'),
    }));
  }
}
