import { Injectable } from '@nestjs/common';
import { LedgerErrorCode, LedgerException } from '../append/errors';
import type { LedgerEntry } from '../ledger-entry';
import { ENTRY_FAULT_DETAIL, entryFault } from './entry-fault';
import { ReadFindings } from './read-findings';

/**
 * Verify-on-read: every entry read to be served is first checked against its own hashes. A row
 * changed in place behind the ledger's back is never shown; the finding is recorded for the
 * audit service (which raises the chain_break) and the client gets a problem naming the entry.
 */
@Injectable()
export class ServedEntries {
  constructor(private readonly findings: ReadFindings) {}

  async checked(entries: LedgerEntry[]): Promise<LedgerEntry[]> {
    for (const entry of entries) {
      const refusal = await this.refusal(entry);
      if (refusal) throw refusal;
    }
    return entries;
  }

  /**
   * The problem an entry that fails its hashes is refused with, its finding recorded; undefined
   * for an intact entry. For a caller that must return its refusal as a value, not throw it.
   */
  async refusal(entry: LedgerEntry): Promise<LedgerException | undefined> {
    const reason = entryFault(entry);
    if (!reason) return undefined;
    const detail = ENTRY_FAULT_DETAIL[reason];
    await this.findings.record({ chain: entry.chain, seq: entry.seq, reason, detail });
    return new LedgerException(
      LedgerErrorCode.EntryTampered,
      `Ledger entry ${entry.seq} of chain ${entry.chain} (${entry.kind} ${entry.subject}): ${detail}. It is not served; the audit service has been told.`,
      { chain: entry.chain, seq: entry.seq, reason },
    );
  }
}
