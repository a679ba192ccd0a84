import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { createRandomDatabase, runMigrations } from '@taxchain/platform';
import { generateSecretKey, toHex } from '@taxchain/ledger';
import { allMigrationSets } from './migration-sets';
import { dataDir } from './paths';
import { startService, type RunningService, type ServiceName } from './service-process';

export interface ClusterOptions {
  /** PostgreSQL admin URL: the cluster gets a fresh database of its own there. */
  adminUrl: string;
  kafkaBrokers: string;
  /** Instances per service (default one of each). */
  instances?: Partial<Record<ServiceName, number>>;
  /** Extra configuration for every instance (e.g. LEDGER_CHAINS, rate limits). */
  env?: NodeJS.ProcessEnv;
  /** Where each instance's log goes (default .data/logs/cluster-<id>/). */
  logDir?: string;
  /** The tree whose compiled services run (default this one); migrations are always this tree's. */
  root?: string;
}

/**
 * The whole platform as separate compiled processes (dist/) on one fresh database and one
 * topic prefix, as production runs it: for fault, scale-out and end-to-end load runs that kill,
 * restart and add instances. Instances of a service are numbered from 0.
 */
export class PlatformCluster {
  readonly instances: RunningService[] = [];
  private readonly ports = new Map<string, number>();

  private constructor(
    readonly databaseUrl: string,
    readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
    private readonly root: string | undefined,
    private readonly dropDatabase: () => Promise<void>,
  ) {}

  static async start(options: ClusterOptions): Promise<PlatformCluster> {
    const database = await createRandomDatabase(options.adminUrl, 'taxchain_cluster');
    await runMigrations(database.url, allMigrationSets);
    const id = randomBytes(4).toString('hex');
    const env: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      KAFKA_BROKERS: options.kafkaBrokers,
      KAFKA_TOPIC_PREFIX: `cluster-${id}.`,
      // Every instance signs checkpoints as the same authority.
      AUTHORITY_KEY: toHex(generateSecretKey()),
      ...options.env,
    };
    const cluster = new PlatformCluster(
      database.url,
      env,
      options.logDir ?? resolve(dataDir, 'logs', `cluster-${id}`),
      options.root,
      database.drop,
    );
    try {
      const counts = { issuing: 1, reimbursement: 1, audit: 1, ...options.instances };
      const wanted = (Object.entries(counts) as Array<[ServiceName, number]>).flatMap(
        ([name, count]) => Array.from({ length: count }, (_, index) => ({ name, index })),
      );
      // Settle every start before giving up, so close() below stops the ones that did start.
      const started = await Promise.allSettled(
        wanted.map(({ name, index }) => cluster.startInstance(name, index)),
      );
      const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      return cluster;
    } catch (error) {
      await cluster.close();
      throw error;
    }
  }

  /** Starts (or restarts, on the same port) instance `index` of a service. */
  async startInstance(name: ServiceName, index = 0): Promise<RunningService> {
    const key = `${name}-${index}`;
    const port = this.ports.get(key) ?? (await freePort());
    this.ports.set(key, port);
    const running = await startService({
      name,
      port,
      env: instanceIdentity(this.env, key),
      logFile: resolve(this.logDir, `${key}.log`),
      root: this.root,
    });
    const at = this.instances.findIndex((i) => i.name === name && i.port === port);
    if (at >= 0) this.instances.splice(at, 1, running);
    else this.instances.push(running);
    return running;
  }

  /** The running instance `index` of a service. */
  instance(name: ServiceName, index = 0): RunningService {
    const port = this.ports.get(`${name}-${index}`);
    const found = this.instances.find((i) => i.name === name && i.port === port);
    if (!found) throw new Error(`no ${name} instance ${index}`);
    return found;
  }

  /** Base URLs of every instance of a service. */
  urls(name: ServiceName): string[] {
    return this.instances.filter((i) => i.name === name).map((i) => i.url);
  }

  async close(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.stop()));
    await this.dropDatabase();
  }
}

/**
 * Names an instance (`issuing-1`) to Kafka, as its client id prefix, and to PostgreSQL, as its
 * application_name: consumer group members and lock holders can then be told apart.
 */
function instanceIdentity(env: NodeJS.ProcessEnv, key: string): NodeJS.ProcessEnv {
  const url = new URL(env.DATABASE_URL ?? '');
  url.searchParams.set('application_name', key);
  return { KAFKA_CLIENT_ID: key, ...env, DATABASE_URL: url.toString() };
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}
