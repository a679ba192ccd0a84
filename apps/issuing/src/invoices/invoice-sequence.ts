import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Sequence numbers drawn per statement: one statement per this many invoices under load. */
export const SEQUENCE_BLOCK = 64;

/**
 * The 15-digit sequence of invoice numbers, drawn from issuing.invoice_number_seq a block at a
 * time and handed out by this instance, as PostgreSQL's own sequence CACHE does per session:
 * unique across instances, never reused. Numbers are not dense: a rollback loses its number,
 * and a stopped instance the rest of its block (at most SEQUENCE_BLOCK - 1); nor are they in
 * issue order across instances.
 */
@Injectable()
export class InvoiceSequence {
  private block: bigint[] = [];
  private refill?: Promise<void>;

  constructor(private readonly db: DataSource) {}

  async next(): Promise<bigint> {
    for (;;) {
      const drawn = this.block.shift();
      if (drawn !== undefined) return drawn;
      // Callers that find the block empty together wait for one draw between them.
      this.refill ??= this.draw()
        .then((numbers) => void this.block.push(...numbers))
        .finally(() => (this.refill = undefined));
      await this.refill;
    }
  }

  private async draw(): Promise<bigint[]> {
    const rows = await this.db.query<Array<{ n: string }>>(
      `SELECT nextval('issuing.invoice_number_seq')::text AS n FROM generate_series(1, $1)`,
      [SEQUENCE_BLOCK],
    );
    return rows.map((row) => BigInt(row.n));
  }
}
