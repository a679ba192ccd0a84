import { DataSource } from 'typeorm';
import {
  LedgerAppender,
  LedgerProofs,
  parseVerifierKey,
  verifyProofBundle,
  verifyWitnessQuorum,
} from '@taxchain/ledger';
import { GivenAccess } from '@taxchain/platform/testing';
import { GivenLedgerEvents } from '../support/given-ledger-events';
import { WitnessedPlatform, within } from './support/witnessed-platform';

/** The checkpointer collects cosignatures from three witness processes and serves cosigned notes. */
describe('cosigned checkpoints', () => {
  let platform: WitnessedPlatform;
  let given: GivenLedgerEvents;
  const all = ['witness.test/w1', 'witness.test/w2', 'witness.test/w3'];
  /** Appends entries, waits for their checkpoint to be sealed; returns its size. */
  const appendAndSeal = async (count: number) => {
    for (let i = 0; i < count; i += 1) await given.issued();
    const [{ size }] = await platform.app
      .get(DataSource)
      .query<Array<{ size: string }>>('SELECT seq + 1 AS size FROM ledger.heads WHERE chain = 0');
    await within(10_000, async () => (await platform.servedNote()).size === Number(size));
    return Number(size);
  };

  /** The proof bundle of the entry at `seq`, as the services serve it. */
  const bundleOf = async (seq: number) => {
    const [{ subject }] = await platform.app
      .get(DataSource)
      .query<Array<{ subject: string }>>(
        'SELECT subject FROM ledger.entries WHERE chain = 0 AND seq = $1',
        [seq],
      );
    const { entries } = await platform.app.get(LedgerProofs).forSubject(subject);
    return entries.find((e) => e.entry.seq === seq)!.proof!;
  };

  beforeAll(async () => {
    platform = await WitnessedPlatform.start(3);
    given = new GivenLedgerEvents(platform.app.get(LedgerAppender));
  });
  afterAll(() => platform?.close());

  it('brings every newest checkpoint to 3 of 3 cosignatures within seconds', async () => {
    for (let round = 0; round < 3; round += 1) {
      const size = await appendAndSeal(2);
      const took = await within(5_000, async () => {
        const served = await platform.servedNote();
        return served.size === size && served.cosignedBy.length === 3;
      });
      expect(took).toBeLessThan(5_000);
    }
    expect((await platform.servedNote()).cosignedBy).toEqual(all);
    const served = await platform.servedNote();
    const status = await platform.witnessHealth();
    expect(status).toMatchObject({
      status: 'up',
      quorum: 2,
      quorumMet: true,
      chains: [{ chain: 0, size: served.size, cosignatures: 3, quorumMet: true }],
    });
    expect(status.witnesses.map((w) => [w.name, w.chains[0].size])).toEqual(
      all.map((name) => [name, served.size]),
    );
    for (const witness of status.witnesses) expect(witness.chains[0].ageSeconds).toBeLessThan(30);
    const metrics = await (await fetch(`${platform.url}/metrics`)).text();
    for (const name of all)
      expect(metrics).toContain(
        `ledger_witness_cosigned_size{chain="0",witness="${name}"} ${served.size}`,
      );
    expect(metrics).toContain('ledger_witness_quorum_met{chain="0"} 1');
    expect(metrics).toMatch(
      /ledger_witness_cosigned_age_seconds\{chain="0",witness="witness.test\/w1"\} \d+/,
    );
  });

  it('keeps 2 of 3 with one witness killed, and the witness catches up when it is back', async () => {
    const [, , third] = platform.witnesses;
    await third.stop('SIGKILL');
    const size = await appendAndSeal(3);
    await within(5_000, async () => (await platform.servedNote()).cosignedBy.length === 2);
    expect(await platform.servedNote()).toMatchObject({ size, cosignedBy: all.slice(0, 2) });
    // Two of three still make the quorum of 2; the killed witness stays at an older size.
    const down = await platform.witnessHealth();
    expect(down).toMatchObject({ quorumMet: true, chains: [{ size, cosignatures: 2 }] });
    expect(down.witnesses[2].chains[0].size).toBeLessThan(size);

    await third.start();
    await within(10_000, async () => (await platform.servedNote()).cosignedBy.length === 3);
    const status = (await (await fetch(`${third.url}/status`)).json()) as {
      logs: Array<{ size: number }>;
    };
    expect(status.logs[0].size).toBe(size);
  });

  it('a rewritten chain sealed at the same size: every witness refuses it, keeps the evidence, and the anomaly is raised', async () => {
    const honestSize = await appendAndSeal(1);
    await within(5_000, async () => (await platform.servedNote()).cosignedBy.length === 3);
    const honest = await platform.servedNote();
    const honestBundle = await bundleOf(honestSize - 1);
    await rewriteLastEntry(platform.app.get(DataSource), honestSize);
    const forgedInvoice = await given.issued();
    await within(10_000, async () => {
      const served = await platform.servedNote();
      return served.size === honestSize && served.text !== honest.text;
    });
    const forged = await platform.servedNote();

    for (const witness of platform.witnesses)
      await within(10_000, async () => {
        const { evidence } = (await (await fetch(`${witness.url}/evidence`)).json()) as {
          evidence: Array<{ kind: string; cosignedNote: string; offeredNote: string }>;
        };
        return evidence.some(
          (e) =>
            e.kind === 'split-view' &&
            e.cosignedNote.startsWith(honest.text) &&
            e.offeredNote.startsWith(forged.text),
        );
      });
    expect((await platform.servedNote()).cosignedBy).toEqual([]);
    // The forged checkpoint has no cosignature: /health and /metrics say the quorum is not met.
    expect(await platform.witnessHealth()).toMatchObject({
      quorumMet: false,
      chains: [{ size: honestSize, cosignatures: 0, quorumMet: false }],
    });
    expect(await (await fetch(`${platform.url}/metrics`)).text()).toContain(
      'ledger_witness_quorum_met{chain="0"} 0',
    );
    // A client trusting 2 of the 3 witnesses: the honest bundle passes, the forged one, though
    // signed by the authority key, does not.
    const policy = {
      witnesses: platform.witnesses.map((w) => parseVerifierKey(w.vkey)!),
      quorum: 2,
    };
    const forgedBundle = (
      await platform.app.get(LedgerProofs).forSubject(forgedInvoice.invoiceNumber)
    ).entries[0].proof!;
    expect(verifyProofBundle(forgedBundle, platform.authorityKeys)).toEqual({ ok: true });
    expect(verifyWitnessQuorum(forgedBundle, policy)).toEqual({
      ok: false,
      reason: 'below-quorum',
      cosignedBy: [],
    });
    expect(verifyWitnessQuorum(honestBundle, policy)).toEqual({ ok: true, cosignedBy: all });
    const official = (await GivenAccess.from(platform.app).official()).token;
    let refusals: Array<{ severity: string; evidence: Record<string, unknown> }> = [];
    await within(10_000, async () => {
      const response = await fetch(`${platform.url}/anomalies?type=witness_refusal&limit=200`, {
        headers: { authorization: `Bearer ${official}` },
      });
      refusals = ((await response.json()) as { items: typeof refusals }).items;
      return refusals.length === 3;
    });
    expect(refusals.map((a) => a.evidence.witnessName).sort()).toEqual(all);
    for (const anomaly of refusals) {
      expect(anomaly.severity).toBe('high');
      expect(anomaly.evidence).toMatchObject({
        size: honestSize,
        status: 409,
        witnessSize: honestSize,
      });
      expect(String(anomaly.evidence.note)).toContain(forged.text);
    }
  });
});

/**
 * What an operator with the database superuser can do: drop the last entry and the checkpoints
 * that cover it, bypassing the append-only triggers, so that the next append takes its place and
 * the checkpointer (holding the authority key) signs a different tree of the same size.
 */
async function rewriteLastEntry(db: DataSource, size: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query('DELETE FROM ledger.cosignatures WHERE chain = 0 AND size >= $1', [size]);
    await tx.query('DELETE FROM ledger.checkpoints WHERE chain = 0 AND size >= $1', [size]);
    await tx.query('DELETE FROM ledger.entries WHERE chain = 0 AND seq = $1', [size - 1]);
    await tx.query(
      `UPDATE ledger.heads SET seq = $1,
         hash = (SELECT entry_hash FROM ledger.entries WHERE chain = 0 AND seq = $1) WHERE chain = 0`,
      [size - 2],
    );
  });
}
