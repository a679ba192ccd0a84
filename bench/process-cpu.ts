import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { Client } from 'pg';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat; 0 once gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The pids of each group of processes whose CPU is counted, named. */
export type ProcessGroups = Record<string, number[]>;

/**
 * The processes an invoice costs CPU in: each service, the PostgreSQL backends connected to the
 * platform's own database (the server is shared, its other backends are not counted) and the
 * Kafka broker (shared with whatever else uses it while the step runs).
 */
export async function platformProcesses(
  services: Record<string, number>,
  databaseUrl: string,
): Promise<ProcessGroups> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    return {
      ...Object.fromEntries(Object.entries(services).map(([name, pid]) => [name, [pid]])),
      'PostgreSQL backends': rows.map((r) => r.pid),
      Kafka: kafkaBrokerPids(),
    };
  } finally {
    await client.end();
  }
}

function kafkaBrokerPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** CPU ms each group used between two readings. */
export function cpuBetween(
  before: Map<number, number>,
  after: Map<number, number>,
  groups: ProcessGroups,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(groups).map(([name, pids]) => [
      name,
      // A process gone by the end (a closed backend) has no last reading: it is left out.
      pids.reduce(
        (sum, pid) => (after.get(pid) ? sum + after.get(pid)! - (before.get(pid) ?? 0) : sum),
        0,
      ),
    ]),
  );
}

/** A reading of every process of the groups. */
export function readCpu(groups: ProcessGroups): Map<number, number> {
  return new Map(
    Object.values(groups)
      .flat()
      .map((pid) => [pid, cpuMs(pid)]),
  );
}
