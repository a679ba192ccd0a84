import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';

/** Arbitrary, fixed: the advisory lock key of the background sweep, per database. */
const SWEEP_LOCK_KEY = 7_203_715_001;

/**
 * One audit instance sweeps at a time: the one holding a session-level advisory lock on its own
 * connection. When that instance stops (or its connection drops) the lock is released and
 * another takes over where the shared sweep state says the pass stands.
 */
@Injectable()
export class SweepLock {
  private runner?: QueryRunner;

  constructor(private readonly db: DataSource) {}

  async held(): Promise<boolean> {
    if (this.runner && (await this.alive(this.runner))) return true;
    const runner = this.db.createQueryRunner();
    let locked = false;
    try {
      await runner.connect();
      [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [
        SWEEP_LOCK_KEY,
      ])) as Array<{ locked: boolean }>;
    } finally {
      // A connection that is not holding the lock goes back to the pool, on failure too.
      if (locked) this.runner = runner;
      else await runner.release().catch(() => undefined);
    }
    return locked;
  }

  async release(): Promise<void> {
    const runner = this.runner;
    this.runner = undefined;
    if (!runner) return;
    await runner.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }

  private async alive(runner: QueryRunner): Promise<boolean> {
    try {
      await runner.query('SELECT 1');
      return true;
    } catch {
      this.runner = undefined;
      await runner.release().catch(() => undefined);
      return false;
    }
  }
}
