import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RunResult, RunState, VerificationRun } from './verification-run';

interface RunRow {
  id: string;
  state: RunState;
  done: string;
  total: string;
  started_by: string;
  started_at: Date;
  finished_at: Date | null;
  result: RunResult | null;
}

const COLUMNS = 'id, state, done, total, started_by, started_at, finished_at, result';

/** audit.verification_runs: progress is written where every instance can read (and cancel) it. */
@Injectable()
export class VerificationRunsRepository {
  constructor(private readonly db: DataSource) {}

  async create(id: string, total: number, startedBy: string): Promise<VerificationRun> {
    const rows = await this.db.query<RunRow[]>(
      `INSERT INTO audit.verification_runs (id, total, started_by) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [id, total, startedBy],
    );
    return toRun(rows[0]);
  }

  async find(id: string): Promise<VerificationRun | undefined> {
    const rows = await this.db.query<RunRow[]>(
      `SELECT ${COLUMNS} FROM audit.verification_runs WHERE id = $1`,
      [id],
    );
    return rows.length ? toRun(rows[0]) : undefined;
  }

  /** False once the run is no longer running (cancelled, possibly from another instance). */
  async progress(id: string, done: number): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `WITH r AS (UPDATE audit.verification_runs SET done = $2 WHERE id = $1 AND state = 'running' RETURNING 1)
       SELECT * FROM r`,
      [id, done],
    );
    return rows.length > 0;
  }

  /** Ends a running run; a run already cancelled keeps that state. */
  async finish(id: string, state: Exclude<RunState, 'running'>, result: RunResult): Promise<void> {
    await this.db.query(
      `UPDATE audit.verification_runs SET state = $2, result = $3, finished_at = now()
        WHERE id = $1 AND state = 'running'`,
      [id, state, JSON.stringify(result)],
    );
  }

  /** Keeps what was verified so far in the result of a cancelled run. */
  async keepPartial(id: string, result: RunResult): Promise<void> {
    await this.db.query(
      `UPDATE audit.verification_runs SET result = $2 WHERE id = $1 AND state = 'cancelled'`,
      [id, JSON.stringify(result)],
    );
  }

  async cancel(id: string): Promise<VerificationRun | undefined> {
    const rows = await this.db.query<RunRow[]>(
      `WITH r AS (UPDATE audit.verification_runs SET state = 'cancelled', finished_at = now()
                   WHERE id = $1 AND state = 'running' RETURNING *)
       SELECT ${COLUMNS} FROM r`,
      [id],
    );
    return rows.length ? toRun(rows[0]) : undefined;
  }
}

function toRun(row: RunRow): VerificationRun {
  return {
    id: row.id,
    state: row.state,
    done: Number(row.done),
    total: Number(row.total),
    startedBy: row.started_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    result: row.result,
  };
}
