import type { PoolClient, QueryResult } from 'pg';
import type { QueryRunner } from 'typeorm';
import type { EntryDraft, LedgerEntry } from '../ledger-entry';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from '../storage/entry-row';
import { appendEntries } from '../storage/append-entries';
import { sealEntries, type ChainHead } from './seal-entries';
import type { PendingWork } from './pending-work';
import type { SharedStep } from './unit-of-work';
import { LedgerErrorCode, LedgerException } from './errors';
import { ConnectionLoss } from './connection-loss';

/**
 * Why a batch transaction was abandoned before commit: the appender settles these
 * works and runs the rest of the batch again in a new transaction. Rare by design
 * (input is validated before it reaches the ledger), so the common path pays for
 * no savepoints and one identity look-up per batch.
 */
export class BatchInterrupted extends Error {
  constructor(
    readonly settled: Array<() => void>,
    readonly remaining: PendingWork[],
    readonly deferred: PendingWork[] = [],
  ) {
    super('batch interrupted');
  }
}

/**
 * One transaction for a batch of units of work on one chain: the chain head is locked
 * first, so every unit runs seeing every committed entry of its subject and no other
 * writer (in any process or service) can append to the chain until this commits; then
 * all their entries are appended after the head and everything commits together.
 * Throws BatchInterrupted when a unit failed, was a replay, or repeated an identity of
 * the same batch. A connection lost mid-batch is reported as the connection's own error.
 */
export async function runChainTransaction(
  runner: QueryRunner,
  chain: number,
  batch: PendingWork[],
): Promise<Array<() => void>> {
  const client = (await runner.connect()) as PoolClient;
  const loss = new ConnectionLoss(client);
  try {
    return await runInTransaction(runner, client, chain, batch, loss);
  } finally {
    loss.dispose();
  }
}

async function runInTransaction(
  runner: QueryRunner,
  client: PoolClient,
  chain: number,
  batch: PendingWork[],
  loss: ConnectionLoss,
): Promise<Array<() => void>> {
  try {
    const head = await beginLocked(client, chain);
    const ran = await runAll(runner, batch, loss);
    const sealed = sealEntries(
      head,
      ran.flatMap((r) => r.drafts),
      new Date(),
    );
    const { inserted } = await appendEntries(runner, head, sealed.entries, sealed.head);
    // Replays are rare: only then is each identity looked up, and the batch run again without them.
    if (inserted < sealed.entries.length) await excludeReplays(runner, ran, head);
    await runner.query('COMMIT');
    let offset = 0;
    return ran.map(({ work, value, drafts }) => {
      const entries = sealed.entries.slice(offset, (offset += drafts.length));
      return () => work.resolve({ replayed: false, value, entries });
    });
  } catch (error) {
    // Also after a failed beginLocked: its START may have opened the transaction.
    await runner.query('ROLLBACK').catch(() => undefined);
    throw loss.explain(error);
  }
}

interface Ran {
  work: PendingWork;
  value: unknown;
  drafts: EntryDraft[];
}

async function runAll(
  runner: QueryRunner,
  batch: PendingWork[],
  loss: ConnectionLoss,
): Promise<Ran[]> {
  const ran: Ran[] = [];
  const identities = new Set<string>();
  const answers = await runSharedSteps(runner, batch);
  for (const [index, work] of batch.entries()) {
    let outcome: { value: unknown; entries: EntryDraft[] };
    try {
      outcome = await work.unit.run(runner.manager, answers.get(work));
      const foreign = outcome.entries.find((d) => d.subject !== work.unit.subject);
      if (foreign)
        throw new LedgerException(
          LedgerErrorCode.SubjectMismatch,
          `entry about ${foreign.subject} in a unit of work about ${work.unit.subject}`,
        );
    } catch (error) {
      const cause = loss.explain(error);
      throw new BatchInterrupted([() => work.reject(cause)], without(batch, index));
    }
    // The same identity twice in one batch: the later one waits for the next batch, where it is a replay.
    if (outcome.entries.some((d) => identities.has(d.identity)))
      throw new BatchInterrupted([], without(batch, index), [work]);
    outcome.entries.forEach((d) => identities.add(d.identity));
    ran.push({ work, value: outcome.value, drafts: outcome.entries });
  }
  return ran;
}

/**
 * Runs each shared step once for the units of the batch that name it, in batch order, and hands
 * back each unit's answer. A step that fails fails the batch (retried, then split by the appender),
 * so a unit whose input the step cannot take is at last refused alone.
 */
async function runSharedSteps(
  runner: QueryRunner,
  batch: PendingWork[],
): Promise<Map<PendingWork, unknown>> {
  const byStep = new Map<SharedStep<unknown, unknown>, PendingWork[]>();
  for (const work of batch) {
    const step = work.unit.shared?.step;
    if (!step) continue;
    const works = byStep.get(step);
    if (works) works.push(work);
    else byStep.set(step, [work]);
  }
  const answers = new Map<PendingWork, unknown>();
  for (const [step, works] of byStep) {
    const stepAnswers = await step.run(
      runner.manager,
      works.map((work) => work.unit.shared?.input),
    );
    if (stepAnswers.length !== works.length)
      throw new Error(`a shared step answered ${stepAnswers.length} of ${works.length} inputs`);
    works.forEach((work, i) => answers.set(work, stepAnswers[i]));
  }
  return answers;
}

/**
 * Units whose identities are already recorded are replays: answered with the originals, not
 * appended; the others run again in a new transaction. Always throws BatchInterrupted.
 */
async function excludeReplays(runner: QueryRunner, ran: Ran[], head: ChainHead): Promise<never> {
  const identities = ran.flatMap((r) => r.drafts.map((d) => d.identity));
  // Not the entries this transaction has just appended after the head: they are not originals.
  const rows = (await runner.query(
    `SELECT ${ENTRY_COLUMNS} FROM ledger.entries
     WHERE identity = ANY($1) AND NOT (chain = $2 AND seq > $3) ORDER BY chain, seq`,
    [identities, head.chain, head.seq],
  )) as EntryRow[];
  const existing = new Map(rows.map(toEntry).map((e) => [e.identity, e]));
  const settled: Array<() => void> = [];
  const remaining: PendingWork[] = [];
  for (const { work, drafts } of ran) {
    const found = drafts
      .map((d) => existing.get(d.identity))
      .filter((e): e is LedgerEntry => e !== undefined);
    if (found.length === 0) remaining.push(work);
    else if (found.length === drafts.length)
      settled.push(() => work.resolve({ replayed: true, entries: found }));
    else
      settled.push(() =>
        work.reject(
          new LedgerException(
            LedgerErrorCode.IdentityConflict,
            `already recorded: ${found.map((e) => e.identity).join(', ')}`,
          ),
        ),
      );
  }
  throw new BatchInterrupted(settled, remaining);
}

function without<T>(items: T[], index: number): T[] {
  return [...items.slice(0, index), ...items.slice(index + 1)];
}

/**
 * Starts the transaction, READ COMMITTED (each unit must see what the batch before it committed)
 * and with generic plans, and locks the head, in one round trip: three statements in one
 * simple-protocol query, which needs the driver's client (typeorm returns no rows for it) and the
 * chain number inlined, an integer. TypeORM's startTransaction would cost a round trip of its own
 * (so its commit and rollback are not used either: the transaction is this function's).
 * Generic plans, local to the transaction: its statements (the units' key look-ups and unnest
 * inserts, the entries' insert) plan the same whatever they hold, yet PostgreSQL plans a prepared
 * statement anew on its first five calls on each pool connection, and again whenever a custom
 * plan's estimate beats the generic one's (the invoice rows' insert was planned on one call in six,
 * the entries' on one in six, at about 1 ms a plan).
 */
async function beginLocked(client: PoolClient, chain: number): Promise<ChainHead> {
  if (!Number.isSafeInteger(chain)) throw new RangeError(`chain ${chain} is not an integer`);
  const [, , locked] = (await client.query(
    `START TRANSACTION ISOLATION LEVEL READ COMMITTED; SET LOCAL plan_cache_mode = force_generic_plan; SELECT seq, hash FROM ledger.heads WHERE chain = ${chain} FOR UPDATE`,
  )) as unknown as [QueryResult, QueryResult, QueryResult<{ seq: string; hash: Buffer }>];
  if (locked.rows.length === 0)
    throw new Error(
      `ledger chain ${chain} has no head row: is LEDGER_CHAINS larger than the ledger's?`,
    );
  const [head] = locked.rows;
  return { chain, seq: Number(head.seq), hash: head.hash.toString('hex') };
}
