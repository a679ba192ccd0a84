import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  postgres: string;
  kafka: string;
  commit: string;
  /** 1-minute load average when the run began: other work sharing the cores skews every figure. */
  loadAverage: number;
  note: string;
}

/** What a benchmark ran on, recorded beside every number. */
export async function machineInfo(dataSource: DataSource): Promise<MachineInfo> {
  const [{ server_version: version }] =
    await dataSource.query<Array<{ server_version: string }>>('SHOW server_version');
  const pom = readFileSync(
    resolve(__dirname, '../../scripts/kafka/pom.xml').replace('/dist/', '/'),
    'utf8',
  );
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: version,
    kafka: /<kafka.version>([^<]+)</.exec(pom)?.[1] ?? 'unknown',
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD']).toString().trim(),
    loadAverage: Number(loadavg()[0].toFixed(1)),
    note: 'PostgreSQL, Kafka, the services and the load generator share these cores',
  };
}
