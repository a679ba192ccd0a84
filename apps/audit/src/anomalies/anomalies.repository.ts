import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { UUID_SHAPE, decodeCursor, encodeCursor, listScope } from '@taxchain/platform';
import type { Anomaly, AnomalyStatus, AuditAnomalyType, NewAnomaly, Severity } from './anomaly';

export interface AnomalyFilter {
  type?: AuditAnomalyType;
  status?: AnomalyStatus;
  severity?: Severity;
}

export interface AnomalyCount {
  type: AuditAnomalyType;
  severity: Severity;
  status: AnomalyStatus;
  count: number;
}

interface AnomalyRow {
  id: string;
  type: AuditAnomalyType;
  severity: Severity;
  summary: string;
  evidence: Anomaly['evidence'];
  status: AnomalyStatus;
  decided_by: string | null;
  decided_at: Date | null;
  detected_at: Date;
}

const COLUMNS =
  'id, type, severity, summary, evidence, status, decided_by, decided_at, detected_at';

/** audit.anomalies: inserted once per dedupe key, decided by an official. */
@Injectable()
export class AnomaliesRepository {
  constructor(private readonly db: DataSource) {}

  /** The stored anomaly, or undefined when this finding was already recorded. */
  async insert(anomaly: NewAnomaly): Promise<Anomaly | undefined> {
    const rows = await this.db.query<AnomalyRow[]>(
      `INSERT INTO audit.anomalies (type, severity, summary, evidence, dedupe_key)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING RETURNING ${COLUMNS}`,
      [
        anomaly.type,
        anomaly.severity,
        anomaly.summary,
        JSON.stringify(anomaly.evidence),
        anomaly.dedupeKey,
      ],
    );
    return rows.length ? toAnomaly(rows[0]) : undefined;
  }

  async find(id: string): Promise<Anomaly | undefined> {
    const rows = await this.db.query<AnomalyRow[]>(
      `SELECT ${COLUMNS} FROM audit.anomalies WHERE id = $1`,
      [id],
    );
    return rows.length ? toAnomaly(rows[0]) : undefined;
  }

  /** How many anomalies there are of each type, severity and status together. */
  async counts(): Promise<AnomalyCount[]> {
    const rows = await this.db.query<Array<Omit<AnomalyCount, 'count'> & { count: string }>>(
      `SELECT type, severity, status, count(*)::text AS count FROM audit.anomalies
        GROUP BY type, severity, status ORDER BY type, severity, status`,
    );
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }

  /** Moves an open anomaly to a decision; undefined when it is not open (or does not exist). */
  async decide(
    id: string,
    status: Exclude<AnomalyStatus, 'open'>,
    decidedBy: string,
  ): Promise<Anomaly | undefined> {
    const rows = await this.db.query<AnomalyRow[]>(
      `WITH a AS (UPDATE audit.anomalies SET status = $2, decided_by = $3, decided_at = now()
                   WHERE id = $1 AND status = 'open' RETURNING *)
       SELECT ${COLUMNS} FROM a`,
      [id, status, decidedBy],
    );
    return rows.length ? toAnomaly(rows[0]) : undefined;
  }

  /** Newest first, filtered; the cursor is the last row's (detected_at, id). */
  async list(
    filter: AnomalyFilter,
    page: { cursor?: string; limit: number },
  ): Promise<{ items: Anomaly[]; nextCursor: string | null }> {
    const scope = listScope('anomalies', {
      type: filter.type,
      status: filter.status,
      severity: filter.severity,
    });
    const after =
      page.cursor === undefined ? undefined : decodeCursor(page.cursor, scope, UUID_SHAPE);
    const rows = await this.db.query<Array<AnomalyRow & { micros: string }>>(
      `SELECT ${COLUMNS}, (extract(epoch from detected_at) * 1000000)::bigint::text AS micros
         FROM audit.anomalies
        WHERE ($2::text IS NULL OR type = $2) AND ($3::text IS NULL OR status = $3)
          AND ($4::text IS NULL OR severity = $4)
          AND ($5::bigint IS NULL OR (detected_at, id) <
               (timestamptz 'epoch' + $5::bigint * interval '1 microsecond', $6::uuid))
        ORDER BY detected_at DESC, id DESC LIMIT $1`,
      [
        page.limit + 1,
        filter.type ?? null,
        filter.status ?? null,
        filter.severity ?? null,
        after?.micros ?? null,
        after?.id ?? null,
      ],
    );
    const items = rows.slice(0, page.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > page.limit && last ? encodeCursor(scope, last.micros, last.id) : null;
    return { items: items.map(toAnomaly), nextCursor };
  }
}

function toAnomaly(row: AnomalyRow): Anomaly {
  return {
    id: row.id,
    type: row.type,
    severity: row.severity,
    summary: row.summary,
    evidence: row.evidence,
    status: row.status,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    detectedAt: row.detected_at,
  };
}
