import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createCredentialToken } from '@taxchain/platform/access/credential-token';

/**
 * Credential look-ups per 1,000 requests of each compiled tree's CredentialVerifier (issue #17),
 * alternating trees round by round in one process. `merchants` credentials send `rate` requests a
 * second between them for `seconds` s through a verifier caching for `ttlMs`; the database is a
 * stand-in answering each look-up after `queryMs`, counting them. The requests in flight when a
 * credential's cache entry expires each look it up on main; once per expiry with a shared look-up.
 *   node dist/bench/credential-stampede.bench.js <tree-root>... [--rounds 3]
 * A tree root holds dist/libs/platform/src/access/credential-verifier.js (main's: see RESULTS).
 */
const MERCHANTS = 8;
const RATE = 1_500;
const SECONDS = 4;
const TTL_MS = 1_000;
const QUERY_MS = 5;

interface Verifier {
  verify(token: string): Promise<unknown>;
}
type VerifierClass = new (repository: unknown, config: { AUTH_CACHE_TTL_MS: number }) => Verifier;

async function lookUpsPerThousand(Verifier: VerifierClass) {
  const secrets = Array.from({ length: MERCHANTS }, () => createCredentialToken('merchant'));
  const records = new Map(secrets.map((s) => [s.id, { ...s, role: 'merchant' as const }]));
  let lookUps = 0;
  const repository = {
    findForAuthentication: async (id: string) => {
      lookUps++;
      await sleep(QUERY_MS);
      return records.get(id);
    },
  };
  const verifier = new Verifier(repository, { AUTH_CACHE_TTL_MS: TTL_MS });
  const pending: Array<Promise<unknown>> = [];
  let sent = 0;
  const started = performance.now();
  // Each millisecond tick sends the requests due by then, round robin over the merchants.
  while (performance.now() - started < SECONDS * 1_000) {
    const due = Math.floor(((performance.now() - started) * RATE) / 1_000);
    for (; sent < due; sent++)
      pending.push(verifier.verify(secrets[sent % MERCHANTS].token).then(check));
    await sleep(1);
  }
  await Promise.all(pending);
  const expiries = Math.ceil((SECONDS * 1_000) / TTL_MS) * MERCHANTS;
  return {
    requests: sent,
    lookUps,
    perThousand: (lookUps * 1_000) / sent,
    leastPossible: expiries,
  };
}

function check(caller: unknown): void {
  if (!caller) throw new Error('a valid credential was refused');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--rounds');
  const rounds = at >= 0 ? Number(args.splice(at, 2)[1]) : 3;
  const trees = await Promise.all(
    args.map(async (root) => {
      const file = resolve(root, 'dist/libs/platform/src/access/credential-verifier.js');
      const module = (await import(file)) as { CredentialVerifier: VerifierClass };
      return { root, Verifier: module.CredentialVerifier };
    }),
  );
  const parameters = { MERCHANTS, RATE, SECONDS, TTL_MS, QUERY_MS };
  console.log(JSON.stringify({ loadAverage: loadavg()[0], rounds, ...parameters }));
  for (let round = 1; round <= rounds; round++)
    for (const { root, Verifier } of trees)
      console.log(JSON.stringify({ round, tree: root, ...(await lookUpsPerThousand(Verifier)) }));
  console.log(JSON.stringify({ loadAverage: loadavg()[0] }));
}

void main();
