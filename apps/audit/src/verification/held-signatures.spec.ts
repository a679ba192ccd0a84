import {
  KeyDirectory,
  nobleEd25519,
  type LedgerEntry,
  type SignaturesHeld,
} from '@taxchain/ledger';
import type { ChainReport } from './chain-audit.service';
import { HeldSignatures, type HeldPass } from './held-signatures';

const keyEntry = (kind: 'key.registered' | 'key.revoked', recordedAt: string): LedgerEntry => ({
  chain: 0,
  seq: 0,
  prevHash: '',
  entryHash: '',
  kind,
  subject: 'k1',
  actor: 'merchant',
  payload: JSON.stringify(
    kind === 'key.registered'
      ? { document: { keyId: 'k1', publicKey: '11'.repeat(32) } }
      : { keyId: 'k1' },
  ),
  payloadHash: '',
  actorSignature: null,
  recordedAt,
  identity: kind,
});
const directory = (...entries: LedgerEntry[]) => {
  const keys = new KeyDirectory(nobleEd25519);
  entries.forEach((entry) => keys.learn(entry));
  return keys;
};
const registered = keyEntry('key.registered', '2026-12-01T00:00:00.000Z');
const revoked = keyEntry('key.revoked', '2026-12-02T00:00:00.000Z');

const ok = (verified: number): ChainReport => ({
  chain: 0,
  ok: true,
  verified,
  root: `root-${verified}`,
  rewritten: [],
  checkpointMismatches: [],
});
const broken = (verified: number): ChainReport => ({
  ...ok(verified),
  ok: false,
  root: undefined,
  break: { chain: 0, seq: verified, reason: 'checkpoint-mismatch', detail: '' },
});

/** What each pass was given as held, and the reports it returns in turn. */
function passes(...reports: ChainReport[]): HeldPass & { given: unknown[] } {
  const given: unknown[] = [];
  const pass = (_keys: KeyDirectory, held?: SignaturesHeld, again?: boolean) => {
    given.push(again ? { held, again } : held);
    return Promise.resolve(reports.shift()!);
  };
  return Object.assign(pass, { given });
}

describe(HeldSignatures.name, () => {
  const reload = jest.fn<Promise<KeyDirectory>, []>();
  beforeEach(() => reload.mockReset());

  it('hands the end of an ok pass to the next, which starts at or below it, and moves it forward', async () => {
    const held = new HeldSignatures();
    const keys = directory(registered);
    const run = passes(ok(30), ok(45), ok(50));
    await held.verify(0, 0, keys, reload, run);
    await held.verify(0, 20, keys, reload, run);
    await held.verify(0, 30, keys, reload, run);
    expect(run.given).toEqual([
      undefined,
      { size: 30, root: 'root-30' },
      { size: 45, root: 'root-45' },
    ]);
    expect(reload).not.toHaveBeenCalled();
  });

  it('leaves the record where it was after a pass that started beyond it, or ended short of it', async () => {
    const held = new HeldSignatures();
    const keys = directory(registered);
    const run = passes(ok(30), ok(60), ok(20), ok(60));
    await held.verify(0, 0, keys, reload, run);
    await held.verify(0, 40, keys, reload, run); // entries 30..39 were not read
    await held.verify(0, 0, keys, reload, run); // a pass that read less (it started earlier)
    await held.verify(0, 0, keys, reload, run);
    expect(run.given.slice(1)).toEqual([
      { size: 30, root: 'root-30' },
      { size: 30, root: 'root-30' },
      { size: 30, root: 'root-30' },
    ]);
  });

  it('names a break found with held signatures again with every signature checked, and drops the record', async () => {
    const held = new HeldSignatures();
    const keys = directory(registered);
    const run = passes(ok(30), broken(12), broken(7), ok(40));
    await held.verify(0, 0, keys, reload, run);
    const { report } = await held.verify(0, 0, keys, reload, run);
    expect(report.break).toMatchObject({ seq: 7 });
    await held.verify(0, 10, keys, reload, run);
    expect(run.given.slice(1)).toEqual([
      { size: 30, root: 'root-30' },
      { held: undefined, again: true },
      undefined,
    ]);
  });

  it('reloads keys that do not extend those the signatures held under, and drops the record when those do not either', async () => {
    const held = new HeldSignatures();
    const run = passes(ok(30), ok(30), ok(30), ok(30));
    const keys = directory(registered);
    await held.verify(0, 0, keys, reload, run);
    // A lagging directory lacks a key the record's has: reloaded, it has it too.
    reload.mockResolvedValueOnce(directory(registered));
    await held.verify(0, 0, directory(), reload, run);
    await held.verify(0, 0, keys, reload, run);
    // The directory the record was made with learns a revocation: the record held without it.
    keys.learn(revoked);
    reload.mockResolvedValueOnce(directory(registered, revoked));
    await held.verify(0, 0, keys, reload, run);
    expect(reload).toHaveBeenCalledTimes(2);
    expect(run.given).toEqual([
      undefined,
      { size: 30, root: 'root-30' },
      { size: 30, root: 'root-30' },
      undefined,
    ]);
  });
});
