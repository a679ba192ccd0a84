import { mkdtempSync, rmSync } from 'node:fs';
import { Client } from 'pg';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropDatabase } from '@taxchain/platform';
import {
  type DemoWitnessKey,
  type RunningWitness,
  demoWitnessKeys,
  startDemoWitnesses,
  witnessesSetting,
} from '../../scripts/infra/demo-witnesses';
import { PlatformCluster, freePort } from '../../scripts/infra/platform-cluster';
import { createLoadParties } from '../../scripts/load/load-parties';
import type { WitnessStatusReport } from '@taxchain/ledger/witness/witness-status-report';
import { within } from './support/witnessed-platform';

/**
 * What `npm start` does with its witnesses: two `taxchain witness serve` processes with keys of
 * their own and databases of their own, in the services' WITNESSES, cosigning every checkpoint;
 * a second start reuses both keys and stores.
 */
describe('npm start demo witnesses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'taxchain-demo-witnesses-'));
  const adminUrl = process.env.TEST_ADMIN_DATABASE_URL!;
  let cluster: PlatformCluster;
  let keys: DemoWitnessKey[];
  let ports: number[];
  let witnesses: RunningWitness[] = [];
  const databaseName = () => new URL(cluster.databaseUrl).pathname.slice(1);
  const audit = () => cluster.urls('audit')[0];
  const witnessHealth = async () => {
    const health = (await (await fetch(`${audit()}/health`)).json()) as {
      details: { witnesses: WitnessStatusReport };
    };
    return health.details.witnesses;
  };

  beforeAll(async () => {
    ports = [await freePort(), await freePort()];
    keys = demoWitnessKeys(dir, ports);
    cluster = await PlatformCluster.start({
      adminUrl,
      kafkaBrokers: process.env.KAFKA_BROKERS!,
      env: { LOG_LEVEL: 'warn', CHECKPOINT_INTERVAL_MS: '200', WITNESSES: witnessesSetting(keys) },
    });
    witnesses = await startDemoWitnesses(keys, adminUrl, databaseName(), audit());
  }, 180_000);

  afterAll(async () => {
    for (const witness of witnesses) await witness.stop();
    if (cluster) {
      for (const i of [1, 2]) await dropDatabase(adminUrl, `${databaseName()}_witness_${i}`);
      await cluster.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('has both witnesses cosign the checkpoints at once', async () => {
    expect(keys.map((key) => key.fresh)).toEqual([true, true]);
    // Registering the parties' keys writes ledger entries, which the checkpointer seals.
    await createLoadParties(cluster.databaseUrl, cluster.urls('issuing')[0], {
      merchants: 2,
      buyers: 1,
    });
    await within(20_000, async () => {
      const status = await witnessHealth();
      return status.chains.length > 0 && status.chains.every((c) => c.cosignatures === 2);
    });
    const note = await (
      await fetch(`${audit()}/checkpoints/${(await witnessHealth()).chains[0].chain}`)
    ).text();
    expect(note).toContain('\n— witness.demo.local/w1 ');
    expect(note).toContain('\n— witness.demo.local/w2 ');
    expect(await witnessHealth()).toMatchObject({ quorum: 2, quorumMet: true });
  });

  it('starts again on the kept keys and stores, without --new-store', async () => {
    // Once every entry is sealed and cosigned, nothing more reaches the witnesses' stores: a
    // status read earlier could name a checkpoint one entry short, cosigned just before the next.
    const entries = async () => {
      const db = new Client({ connectionString: cluster.databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query<{ chain: number; n: number }>(
          'SELECT chain, count(*)::int AS n FROM ledger.entries GROUP BY chain',
        );
        return new Map(rows.map((row) => [row.chain, row.n]));
      } finally {
        await db.end();
      }
    };
    await within(20_000, async () => {
      const [status, counts] = await Promise.all([witnessHealth(), entries()]);
      return (
        status.chains.length === counts.size &&
        status.chains.every((c) => c.size === counts.get(c.chain) && c.cosignatures === 2)
      );
    });
    const before = await witnessHealth();
    for (const witness of witnesses) await witness.stop();
    witnesses = [];
    const again = demoWitnessKeys(dir, ports);
    expect(again.map((key) => [key.vkey, key.fresh])).toEqual(keys.map((key) => [key.vkey, false]));
    witnesses = await startDemoWitnesses(again, adminUrl, databaseName(), audit());
    for (const key of again) {
      const status = (await (await fetch(`${key.url}/status`)).json()) as {
        logs: Array<{ origin: string; size: number }>;
      };
      const sizes = before.chains.map((c) => c.size).sort();
      expect(
        status.logs
          .map((log) => log.size)
          .filter((size) => size > 0)
          .sort(),
      ).toEqual(sizes);
    }
  });
});
