import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Where the background sweep stands (audit.sweep_state, one row). */
export interface SweepState {
  /** Passes completed. */
  passes: number;
  /** The chain the current pass is on, and the checkpoint size reproduced there (0: none yet). */
  chain: number;
  resumeSize: number;
  passStartedAt: Date | null;
  lastPassFinishedAt: Date | null;
  lastPassSeconds: number | null;
}

interface StateRow {
  passes: string;
  chain: number;
  resume_size: string;
  pass_started_at: Date | null;
  last_pass_finished_at: Date | null;
  last_pass_seconds: number | null;
}

@Injectable()
export class SweepStateRepository {
  constructor(private readonly db: DataSource) {}

  async load(): Promise<SweepState> {
    const [row] = await this.db.query<StateRow[]>(
      `SELECT passes, chain, resume_size, pass_started_at, last_pass_finished_at, last_pass_seconds
         FROM audit.sweep_state`,
    );
    return {
      passes: Number(row.passes),
      chain: row.chain,
      resumeSize: Number(row.resume_size),
      passStartedAt: row.pass_started_at,
      lastPassFinishedAt: row.last_pass_finished_at,
      lastPassSeconds: row.last_pass_seconds,
    };
  }

  async position(chain: number, resumeSize: number, passStartedAt: Date): Promise<void> {
    await this.db.query(
      'UPDATE audit.sweep_state SET chain = $1, resume_size = $2, pass_started_at = $3',
      [chain, resumeSize, passStartedAt],
    );
  }

  async finishPass(seconds: number): Promise<SweepState> {
    await this.db.query(
      `UPDATE audit.sweep_state SET passes = passes + 1, chain = 0, resume_size = 0,
              pass_started_at = NULL, last_pass_finished_at = now(), last_pass_seconds = $1`,
      [seconds],
    );
    return this.load();
  }
}
