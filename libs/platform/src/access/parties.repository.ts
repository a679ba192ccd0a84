import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  POSITION_MICROS,
  afterCursor,
  listScope,
  toPage,
  UUID_SHAPE,
  type Page,
  type PageRequest,
  type PositionedRow,
} from '../database/keyset-page';
import type { PartyRole } from './roles';

export interface Party {
  id: string;
  taxId: string;
  name: string;
  roles: PartyRole[];
  createdAt: Date;
}

export type NewParty = Pick<Party, 'taxId' | 'name' | 'roles'>;

interface PartyRow extends PositionedRow {
  tax_id: string;
  name: string;
  roles: PartyRole[];
  created_at: Date;
}

const COLUMNS = `p.id, p.tax_id, p.name, p.roles, p.created_at, ${POSITION_MICROS('p.created_at')}`;
const TABLE = { alias: 'p', idShape: UUID_SHAPE };
const PARTIES = listScope('parties');

/** The registered merchants and companies (schema `access`). */
@Injectable()
export class PartiesRepository {
  constructor(private readonly db: DataSource) {}

  /** The new party, or undefined when its tax ID is already registered. */
  async insert(party: NewParty): Promise<Party | undefined> {
    const rows = await this.db.query<PartyRow[]>(
      `INSERT INTO access.parties AS p (tax_id, name, roles) VALUES ($1, $2, $3)
       ON CONFLICT (tax_id) DO NOTHING RETURNING ${COLUMNS}`,
      [party.taxId, party.name, party.roles],
    );
    return rows.length ? toParty(rows[0]) : undefined;
  }

  async findByTaxId(taxId: string): Promise<Party | undefined> {
    const rows = await this.db.query<PartyRow[]>(
      `SELECT ${COLUMNS} FROM access.parties p WHERE p.tax_id = $1`,
      [taxId],
    );
    return rows.length ? toParty(rows[0]) : undefined;
  }

  /** In registration order. */
  async list(page: PageRequest): Promise<Page<Party>> {
    const after = afterCursor(page.cursor, 2, TABLE, PARTIES);
    const rows = await this.db.query<PartyRow[]>(
      `SELECT ${COLUMNS} FROM access.parties p WHERE ${after.sql}
       ORDER BY p.created_at, p.id LIMIT $1`,
      [page.limit + 1, ...after.params],
    );
    return toPage(rows, page.limit, toParty, PARTIES);
  }
}

function toParty(row: PartyRow): Party {
  return {
    id: row.id,
    taxId: row.tax_id,
    name: row.name,
    roles: row.roles,
    createdAt: row.created_at,
  };
}
