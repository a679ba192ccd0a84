import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChainBreak } from './chain-break';

/** Notified at the commit of every new or reopened finding (FindingNotifications migration). */
export const READ_FINDING_CHANNEL = 'ledger_read_finding';

/** An entry a service refused to serve because it no longer hashes as recorded. */
export interface ReadFinding extends ChainBreak {
  reason: 'payload-mismatch' | 'hash-mismatch';
  foundAt: string;
}

interface FindingRow {
  chain: number;
  seq: string;
  reason: ReadFinding['reason'];
  detail: string;
  found_at: Date;
}

/** ledger.read_findings: what verify-on-read found, for the audit service to raise and resolve. */
@Injectable()
export class ReadFindings {
  constructor(private readonly db: DataSource) {}

  /** Kept once per (chain, seq, reason); found again after being resolved, it is open again. */
  async record(found: ChainBreak & { reason: ReadFinding['reason'] }): Promise<void> {
    await this.db.query(
      `INSERT INTO ledger.read_findings (chain, seq, reason, detail) VALUES ($1, $2, $3, $4)
       ON CONFLICT (chain, seq, reason) DO UPDATE SET resolved_at = NULL, found_at = now()
        WHERE ledger.read_findings.resolved_at IS NOT NULL`,
      [found.chain, found.seq, found.reason, found.detail],
    );
  }

  /** Findings no verification has resolved yet, first bad seq of each chain first. */
  async open(limit = 100): Promise<ReadFinding[]> {
    const rows = await this.db.query<FindingRow[]>(
      `SELECT chain, seq, reason, detail, found_at FROM ledger.read_findings
        WHERE resolved_at IS NULL ORDER BY chain, seq LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      chain: row.chain,
      seq: Number(row.seq),
      reason: row.reason,
      detail: row.detail,
      foundAt: row.found_at.toISOString(),
    }));
  }

  /** A verification from genesis that started at `since` found the chain intact. */
  async resolve(chain: number, since: Date): Promise<void> {
    await this.db.query(
      `UPDATE ledger.read_findings SET resolved_at = now()
        WHERE chain = $1 AND resolved_at IS NULL AND found_at < $2`,
      [chain, since],
    );
  }
}
