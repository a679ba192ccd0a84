import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Company names as the invoices name them, for readers that hold only tax IDs. */
@Injectable()
export class PartyNamesRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Each tax ID's name on its latest invoice as seller, else as buyer; one index probe per
   * ID. IDs no invoice names are left out.
   */
  async names(taxIds: string[]): Promise<Array<{ taxId: string; name: string }>> {
    const rows = await this.db.query<Array<{ taxId: string; name: string | null }>>(
      `SELECT k AS "taxId", coalesce(
         (SELECT seller_name FROM audit.invoices WHERE seller_tax_id = k ORDER BY issued_at DESC LIMIT 1),
         (SELECT buyer_name FROM audit.invoices WHERE buyer_tax_id = k ORDER BY issued_at DESC LIMIT 1)
       ) AS name
         FROM unnest($1::text[]) AS k ORDER BY k`,
      [taxIds],
    );
    return rows.filter((row): row is { taxId: string; name: string } => row.name !== null);
  }
}
