import type { DataSource } from 'typeorm';
import { cpuMs } from './process-cpu';

/** A measurement's rate and the CPU each entry cost this process and the database's backends. */
export interface Throughput {
  perSecond: number;
  cpuMsPerEntry: { client: number; postgres: number };
}

/**
 * The client backends connected to the bench's database, with the CPU each has used so far
 * (not autovacuum's workers: they come when a table has grown, in whichever measurement).
 */
async function backendCpu(dataSource: DataSource): Promise<Map<number, number>> {
  const rows = await dataSource.query<Array<{ pid: number }>>(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'",
  );
  return new Map(rows.map(({ pid }) => [pid, cpuMs(pid)]));
}

/**
 * Times `work` handling `entries` entries, with the CPU of this process and of the database's
 * backends around it (the connections `work` uses must be open before and after: a backend
 * that closes in between is not counted, one that opens is counted from its start).
 */
export async function measured(
  dataSource: DataSource,
  entries: number,
  work: () => Promise<void>,
): Promise<Throughput> {
  const before = await backendCpu(dataSource);
  const client = process.cpuUsage();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1_000;
  const { user, system } = process.cpuUsage(client);
  const after = await backendCpu(dataSource);
  let postgres = 0;
  for (const [pid, ms] of after) postgres += ms - (before.get(pid) ?? 0);
  return {
    perSecond: entries / seconds,
    cpuMsPerEntry: { client: (user + system) / 1_000 / entries, postgres: postgres / entries },
  };
}
