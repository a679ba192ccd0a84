import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import { generateSecretKey, nativeEd25519, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import { GivenAccess, createTestDatabase, testConfig } from '@taxchain/platform/testing';
import type { SignedInvoice } from '@taxchain/contracts';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';
import { MerchantSigner } from '../scripts/load/merchant-signer';
import { cpuBetween, platformProcesses, readCpu } from './process-cpu';

/**
 * CPU per single `POST /invoices` of one compiled tree's issuing service, in one process (#17):
 * the service (its relay included) and a keep-alive client at concurrency C, the invoices signed
 * before the window, and the PostgreSQL backends of its database (/proc). Without the feeds,
 * Kafka's consumers and the other services, it moves far less with a shared machine's load than
 * bench/invoice-cpu.ts; alternate two trees' dist/ to compare them. Prints one JSON line.
 * With ISSUE_PROFILE=<file>, writes a .cpuprofile of the counted window only (no start-up, signing
 * or warm-up; the client's share is under bench/issue-in-process.js and node:_http_client).
 *   TEST_ADMIN_DATABASE_URL=postgres://… node dist/bench/issue-in-process.js [invoices] [concurrency]
 */
const MERCHANTS = 8;
const BUYERS = 4;
const WARM_UP = 1_000;

type Post = (path: string, token: string, body: object) => Promise<number>;

async function main(): Promise<void> {
  const invoices = Number(process.argv[2] ?? 2_000);
  const concurrency = Number(process.argv[3] ?? 16);
  const database = await createTestDatabase(issuingService.migrations);
  const app = await createServiceApp(
    issuingService,
    testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      AUTHORITY_KEY: toHex(generateSecretKey()),
      RATE_LIMIT_PER_SECOND: '1000000',
      RATE_LIMIT_BURST: '1000000',
    }),
  );
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    const post = poster(port, agent);
    const given = GivenAccess.from(app);
    const signers: Array<{ token: string; signer: MerchantSigner }> = [];
    for (let m = 0; m < MERCHANTS; m++) {
      const { token, party } = await given.merchant();
      const signer = new MerchantSigner(party, generateSecretKey(), nativeEd25519);
      if ((await post('/keys', token, signer.registration())) !== 201) throw new Error('key');
      signers.push({ token, signer });
    }
    const buyers: string[] = [];
    for (let b = 0; b < BUYERS; b++) buyers.push((await given.company()).party.taxId);
    const signed = (count: number): Array<[string, SignedInvoice]> =>
      Array.from({ length: count }, (_, i) => {
        const { token, signer } = signers[i % MERCHANTS];
        return [token, signer.signed(signer.invoice(buyers[i % BUYERS]))];
      });
    await issueAll(post, signed(WARM_UP), concurrency);
    const items = signed(invoices);
    const groups = await platformProcesses({ issuing: process.pid }, database.url);
    const profiler = await startProfile(process.env.ISSUE_PROFILE);
    const start = readCpu(groups);
    const startedAt = Date.now();
    const refused = await issueAll(post, items, concurrency);
    const cpu = cpuBetween(start, readCpu(groups), groups);
    await profiler.stop();
    const perInvoice = (ms: number) => Math.round((ms / invoices) * 1_000) / 1_000;
    console.log(
      JSON.stringify({
        tree: resolve(__dirname, '../..'),
        loadAverage: Math.round(loadavg()[0] * 10) / 10,
        invoices,
        refused,
        perSecond: Math.round(invoices / ((Date.now() - startedAt) / 1_000)),
        issuingMs: perInvoice(cpu.issuing),
        postgresMs: perInvoice(cpu['PostgreSQL backends']),
      }),
    );
  } finally {
    await app.close();
    agent.destroy();
    await database.drop();
  }
}

/** The CPU profiler from now until `stop`, which writes its profile to `file`; nothing without one. */
async function startProfile(file: string | undefined): Promise<{ stop(): Promise<void> }> {
  if (!file) return { stop: async () => {} };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async () => {
      writeFileSync(file, JSON.stringify((await session.post('Profiler.stop')).profile));
      session.disconnect();
    },
  };
}

function poster(port: number, agent: Agent): Post {
  return (path, token, body) =>
    new Promise((resolve, reject) => {
      const data = JSON.stringify(body);
      const headers = {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(data),
        authorization: `Bearer ${token}`,
      };
      const req = request(
        { host: '127.0.0.1', port, path, method: 'POST', agent, headers },
        (res) => res.resume().on('end', () => resolve(res.statusCode ?? 0)),
      );
      req.on('error', reject);
      req.end(data);
    });
}

/** Issues every item, `concurrency` at a time; how many were not answered 201. */
async function issueAll(
  post: Post,
  items: Array<[string, SignedInvoice]>,
  concurrency: number,
): Promise<number> {
  let next = 0;
  let refused = 0;
  const client = async () => {
    while (next < items.length) {
      const [token, body] = items[next++];
      if ((await post('/invoices', token, body)) !== 201) refused += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return refused;
}

main()
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
