import { ensurePostgres, platformDatabaseUrl } from './infra/postgres';
import { runMigrations } from '@taxchain/platform';
import { ensureKafka } from './infra/kafka';
import { allMigrationSets } from './infra/migration-sets';
import { dashboardPins } from './infra/dashboard-pins';
import { demoWitnessKeys, startDemoWitnesses, witnessesSetting } from './infra/demo-witnesses';
import {
  DEFAULT_PORTS,
  startService,
  type RunningService,
  type ServiceName,
} from './infra/service-process';
import { savedDemo, seed } from './seed';
import { dataDir } from './infra/paths';
import { welcomeLines } from './infra/welcome';

const log = (line: string) => process.stdout.write(`${line}\n`);
const SERVICES: ServiceName[] = ['issuing', 'reimbursement', 'audit'];
const DEMO_INVOICES = Number(process.env.DEMO_INVOICES ?? 3_000);

async function main(): Promise<void> {
  const cleanups: Array<() => Promise<void> | void> = [];
  const shutdown = async (code: number) => {
    log('\nstopping…');
    for (const cleanup of cleanups.reverse())
      await Promise.resolve(cleanup()).catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  try {
    const postgres = await ensurePostgres(log);
    if (postgres.stop) cleanups.push(postgres.stop);
    const databaseUrl = await platformDatabaseUrl(postgres);
    const kafka = ensureKafka(log);
    if (kafka.stop) cleanups.push(kafka.stop);
    const ran = await runMigrations(databaseUrl, allMigrationSets);
    log(ran.length ? `migrations: applied ${ran.length}` : 'migrations: up to date');
    // Two witnesses cosign every checkpoint; the platform knows their keys before they run.
    const witnessKeys = demoWitnessKeys();
    // The demo lets a company point webhooks at a receiver on this machine (README, Webhooks).
    const env = {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: kafka.brokers,
      WEBHOOKS_ALLOW_LOOPBACK: process.env.WEBHOOKS_ALLOW_LOOPBACK ?? 'true',
      WITNESSES: witnessesSetting(witnessKeys),
      // Verifiers here (reimbursement, the dashboard) want both witnesses' cosignatures.
      VERIFY_WITNESSES: witnessKeys.map((key) => key.vkey).join(' '),
    };
    const running = await Promise.all(SERVICES.map((name) => start(name, env)));
    for (const service of running) cleanups.push(() => service.stop());
    const url = (name: ServiceName) => running.find((s) => s.name === name)!.url;
    log(`witnesses: starting on ${witnessKeys.map((key) => key.url).join(', ')}`);
    const witnesses = await startDemoWitnesses(
      witnessKeys,
      postgres.adminUrl,
      new URL(databaseUrl).pathname.slice(1),
      url('audit'),
    );
    for (const witness of witnesses) cleanups.push(() => witness.stop());
    const demo =
      savedDemo() ??
      (await seed({
        invoices: DEMO_INVOICES,
        issuingUrl: url('issuing'),
        reimbursementUrl: url('reimbursement'),
        databaseUrl,
      }));
    for (const line of welcomeLines(running, witnesses, demo, dataDir)) log(line);
    log(
      "\nPin these on the dashboard's Keys page (密钥) before trusting its verdicts (README, The dashboard):",
    );
    for (const line of dashboardPins(witnessKeys.map((key) => key.vkey))) log(line);
  } catch (error) {
    process.stderr.write(
      `start failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await shutdown(1);
  }
}

function start(name: ServiceName, env: NodeJS.ProcessEnv): Promise<RunningService> {
  const port = Number(process.env[`${name.toUpperCase()}_PORT`] ?? DEFAULT_PORTS[name]);
  log(`${name}: starting on port ${port}`);
  return startService({ name, port, env });
}

void main();
