import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  POSITION_MICROS,
  afterCursor,
  listScope,
  toPage,
  type Page,
  type PageRequest,
  type PositionedRow,
} from '../database/keyset-page';
import type { CallerParty } from './caller';
import type { NewCredentialSecret } from './credential-token';
import type { CredentialRole, PartyRole } from './roles';

/** A credential as listed: never its secret or hash. */
export interface Credential {
  id: string;
  role: CredentialRole;
  label: string;
  partyId: string | null;
  partyTaxId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  rotatedFrom: string | null;
}

export interface NewCredential extends Pick<Credential, 'role' | 'label' | 'partyId'> {
  secret: Pick<NewCredentialSecret, 'id' | 'secretHash'>;
}

/** What authenticating a token needs: the stored hash and who the credential acts for. */
export interface AuthenticationRecord {
  id: string;
  role: CredentialRole;
  secretHash: Buffer;
  party?: CallerParty;
}

interface CredentialRow extends PositionedRow {
  role: CredentialRole;
  label: string;
  party_id: string | null;
  party_tax_id: string | null;
  created_at: Date;
  revoked_at: Date | null;
  rotated_from: string | null;
}

interface AuthenticationRow {
  id: string;
  role: CredentialRole;
  secret_hash: Buffer;
  party_id: string | null;
  tax_id: string;
  name: string;
  roles: PartyRole[];
}

const TABLE = { alias: 'c', idShape: /^[0-9a-f]{20}$/ };
const CREDENTIALS = listScope('credentials');

/** Credentials joined with their party's tax ID; `source` is the table or a CTE's result. */
const selectFrom = (source: string) =>
  `SELECT c.id, c.role, c.label, c.party_id, p.tax_id AS party_tax_id, c.created_at,
          c.revoked_at, c.rotated_from, ${POSITION_MICROS('c.created_at')}
   FROM ${source} c LEFT JOIN access.parties p ON p.id = c.party_id`;

/** API credentials (schema `access`); secrets are stored as SHA-256 hashes only. */
@Injectable()
export class CredentialsRepository {
  constructor(private readonly db: DataSource) {}

  async insert(credential: NewCredential): Promise<Credential> {
    const rows = await this.db.query<CredentialRow[]>(
      `WITH inserted AS (
         INSERT INTO access.credentials (id, secret_hash, role, label, party_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING *
       ) ${selectFrom('inserted')}`,
      [
        credential.secret.id,
        credential.secret.secretHash,
        credential.role,
        credential.label,
        credential.partyId,
      ],
    );
    return toCredential(rows[0]);
  }

  /**
   * Revokes an active credential and creates its successor (same role, party and label),
   * in one statement. Undefined when the credential is unknown or no longer active.
   */
  async rotate(id: string, successor: NewCredential['secret']): Promise<Credential | undefined> {
    const rows = await this.db.query<CredentialRow[]>(
      `WITH old AS (
         UPDATE access.credentials SET revoked_at = now()
         WHERE id = $1 AND revoked_at IS NULL RETURNING id, role, label, party_id
       ), inserted AS (
         INSERT INTO access.credentials (id, secret_hash, role, label, party_id, rotated_from)
         SELECT $2, $3, role, label, party_id, id FROM old RETURNING *
       ) ${selectFrom('inserted')}`,
      [id, successor.id, successor.secretHash],
    );
    return rows.length ? toCredential(rows[0]) : undefined;
  }

  /** Idempotent: a revoked credential keeps its first revocation time. */
  async revoke(id: string): Promise<Credential | undefined> {
    const rows = await this.db.query<CredentialRow[]>(
      `WITH revoked AS (
         UPDATE access.credentials SET revoked_at = coalesce(revoked_at, now())
         WHERE id = $1 RETURNING *
       ) ${selectFrom('revoked')}`,
      [id],
    );
    return rows.length ? toCredential(rows[0]) : undefined;
  }

  async findById(id: string): Promise<Credential | undefined> {
    const rows = await this.db.query<CredentialRow[]>(
      `${selectFrom('access.credentials')} WHERE c.id = $1`,
      [id],
    );
    return rows.length ? toCredential(rows[0]) : undefined;
  }

  /** The active (unrevoked) credential with this id, with its hash and party. */
  async findForAuthentication(id: string): Promise<AuthenticationRecord | undefined> {
    const rows = await this.db.query<AuthenticationRow[]>(
      `SELECT c.id, c.role, c.secret_hash, c.party_id, p.tax_id, p.name, p.roles
       FROM access.credentials c LEFT JOIN access.parties p ON p.id = c.party_id
       WHERE c.id = $1 AND c.revoked_at IS NULL`,
      [id],
    );
    const row = rows.at(0);
    if (!row) return undefined;
    const party = row.party_id
      ? { id: row.party_id, taxId: row.tax_id, name: row.name, roles: row.roles }
      : undefined;
    return { id: row.id, role: row.role, secretHash: row.secret_hash, party };
  }

  /** In issue order, revoked ones included. */
  async list(page: PageRequest): Promise<Page<Credential>> {
    const after = afterCursor(page.cursor, 2, TABLE, CREDENTIALS);
    const rows = await this.db.query<CredentialRow[]>(
      `${selectFrom('access.credentials')} WHERE ${after.sql}
       ORDER BY c.created_at, c.id LIMIT $1`,
      [page.limit + 1, ...after.params],
    );
    return toPage(rows, page.limit, toCredential, CREDENTIALS);
  }
}

function toCredential(row: CredentialRow): Credential {
  return {
    id: row.id,
    role: row.role,
    label: row.label,
    partyId: row.party_id,
    partyTaxId: row.party_tax_id,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    rotatedFrom: row.rotated_from,
  };
}
