import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type KeyDirectoryAnswer,
  type ProofBundle,
  type SignedCheckpoint,
  type SubjectProof,
  canonicalJson,
  LedgerAppender,
  LedgerProofs,
  entryHash,
  fromHex,
  generateSecretKey,
  keyId,
  nobleEd25519,
  payloadHash,
  signCheckpoint,
  toHex,
} from '@taxchain/ledger';
import { WitnessKey } from '@taxchain/ledger/witness/witness-key';
import { GivenAccess } from '@taxchain/platform/testing';
import { MerchantSigner } from '../scripts/load/merchant-signer';
import { raisedEntry } from './support/forged-trail';
import { ForgingProxy } from './support/forging-proxy';
import { type IssuingUnderTest, startIssuing } from './support/issuing-under-test';
import { type Run, runCommand } from './support/run-command';
import { waitFor } from './support/wait-for';

const cli = resolve(__dirname, '../dist/apps/cli/src/main.js');

/**
 * `taxchain verify`, `keys` and `status` through a forging proxy (a process of its own between the
 * CLI and the issuing service), one case per class of forgery: none may end in "verified" or in a
 * crash; each names what is wrong and exits with its documented code (README: exit codes).
 */
describe('taxchain against forged answers', () => {
  const home = mkdtempSync(join(tmpdir(), 'taxchain-forged-'));
  const authoritySecret = generateSecretKey();
  const authorityKey = toHex(nobleEd25519.publicKeyOf(authoritySecret));
  const stranger = generateSecretKey();
  let issuing: IssuingUnderTest;
  let service: string;
  let proxy: ForgingProxy;
  const seller = { taxId: '', name: '', token: '', keyFile: join(home, 'seller.json') };
  const rival = { taxId: '', name: '', token: '', keyFile: join(home, 'rival.json') };
  let buyerToken: string;
  let invoice: string; // the invoice asked about
  let other: string; // another invoice of the same merchant
  let olderCheckpoint: SignedCheckpoint; // a genuine checkpoint of invoice's chain, before `other`

  const taxchain = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
    runCommand(process.execPath, [cli, ...args], {
      env: {
        HOME: home,
        TAXCHAIN_URL: proxy.url,
        TAXCHAIN_TOKEN: seller.token,
        TAXCHAIN_KEY: seller.keyFile,
        TAXCHAIN_AUTHORITY_KEY: authorityKey,
        ...env,
      },
    });
  /** The service's own answer, straight from it. */
  const genuine = async <T>(path: string, token = seller.token): Promise<T> => {
    const answer = await fetch(`${service}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
    return (await answer.json()) as T;
  };
  const draftOf = (merchant: typeof seller) => ({
    seller: { taxId: merchant.taxId, name: merchant.name },
    buyer: { taxId: buyerTaxId, name: 'Pudong Tools' },
    documentNumber: `DOC-${randomUUID()}`,
    issueDate: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
    currency: 'CNY',
    lines: [{ description: 'Tea', quantity: '1', unitPrice: '12.50', taxRate: '0.13' }],
  });
  const issue = async (merchant: typeof seller) => {
    const file = join(home, `${randomUUID()}.json`);
    writeFileSync(file, JSON.stringify(draftOf(merchant)));
    const env = { TAXCHAIN_TOKEN: merchant.token, TAXCHAIN_KEY: merchant.keyFile };
    const run = await taxchain(['issue', file], env);
    expect(run).toMatchObject({ code: 0 });
    const number = (JSON.parse(run.stdout) as { invoiceNumber: string }).invoiceNumber;
    // Waits for the checkpoint covering it, through the proxy while it relays honestly.
    expect(await taxchain(['verify', number], env)).toMatchObject({ code: 0 });
    return number;
  };
  let buyerTaxId: string;

  beforeAll(async () => {
    issuing = await startIssuing({
      CHECKPOINT_INTERVAL_MS: '100',
      AUTHORITY_KEY: toHex(authoritySecret),
      // One chain: the second invoice grows the first one's tree, for a checkpoint of another size.
      LEDGER_CHAINS: '1',
    });
    service = issuing.url;
    proxy = await ForgingProxy.start(service);
    const given = GivenAccess.from(issuing.app);
    for (const merchant of [seller, rival]) {
      const { token, party } = await given.merchant();
      Object.assign(merchant, { token, taxId: party.taxId, name: party.name });
      const env = { TAXCHAIN_TOKEN: token, TAXCHAIN_KEY: merchant.keyFile };
      expect(await taxchain(['keygen', '--tax-id', party.taxId], env)).toMatchObject({ code: 0 });
      expect(await taxchain(['register-key'], env)).toMatchObject({ code: 0 });
    }
    const buyer = await given.company();
    buyerToken = buyer.token;
    buyerTaxId = buyer.party.taxId;
    invoice = await issue(seller);
    olderCheckpoint = (await proofOf(invoice)).entries[0].proof!.checkpoint;
    other = await issue(seller);
  }, 120_000);

  afterEach(() => proxy.clear());

  afterAll(async () => {
    await proxy?.stop();
    await issuing?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const proofOf = (number: string) => genuine<SubjectProof>(`/invoices/${number}/proof`);
  const bundleOf = (proof: SubjectProof): ProofBundle => proof.entries[0].proof!;
  /** The checkpoint signed again by `secret`, under the key id `claimed` (its own by default). */
  const resigned = (checkpoint: SignedCheckpoint, secret: Uint8Array, claimed?: string) => {
    const id = keyId(nobleEd25519.publicKeyOf(secret));
    return { ...signCheckpoint({ ...checkpoint, keyId: id }, secret), keyId: claimed ?? id };
  };
  /** Where a recomputed entry hash is caught: the signed head for the newest leaf, else the path. */
  const recomputedCaughtBy = (bundle: ProofBundle) =>
    bundle.index === bundle.checkpoint.size - 1 ? 'head-mismatch' : 'not-included';
  /** The proof answer with its one entry (listed and bundled alike) changed by `change`. */
  const withEntry = (proof: SubjectProof, change: (listed: SubjectProof['entries'][0]) => object) =>
    JSON.stringify({ ...proof, entries: [{ ...proof.entries[0], ...change(proof.entries[0]) }] });

  const expectRefusal = (run: Run, code: number, stderr: RegExp) => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code,
      stderr: expect.stringMatching(stderr),
    });
    expect(run.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(run.stdout).not.toMatch(/"verified": true/);
  };

  /** Genuine answers, fetched straight from the service once both invoices are checkpointed. */
  const g = {} as {
    proof: SubjectProof;
    otherProof: SubjectProof;
    directory: KeyDirectoryAnswer;
    rivalDirectory: KeyDirectoryAnswer;
    invoiceAnswer: Record<string, unknown>;
  };
  beforeAll(async () => {
    g.proof = await proofOf(invoice);
    g.otherProof = await proofOf(other);
    g.directory = await genuine(`/merchants/${seller.taxId}/keys`, buyerToken);
    g.rivalDirectory = await genuine(`/merchants/${rival.taxId}/keys`, buyerToken);
    g.invoiceAnswer = await genuine(`/invoices/${invoice}`);
  });
  const problem = JSON.stringify({
    type: 'urn:taxchain:problem:invoice-not-found',
    title: 'Invoice not found',
    status: 404,
    detail: 'No such invoice.',
  });
  /** The answer with a member named twice: first `forged`, then the genuine one JSON.parse keeps. */
  const namedTwice = (answer: object, member: string, forged: unknown) => {
    const text = JSON.stringify(answer);
    const at = text.indexOf(`"${member}":`);
    return `${text.slice(0, at)}"${member}":${JSON.stringify(forged)},${text.slice(at)}`;
  };
  const truncated = (answer: object) => JSON.stringify(answer).slice(0, 200);

  describe('taxchain verify', () => {
    const verifyForged = async (body: string, args: string[] = []) => {
      await proxy.forge({ path: `/invoices/${invoice}/proof`, body });
      return taxchain(['verify', invoice, '--wait', '0', ...args]);
    };
    const bundle = () => bundleOf(g.proof);

    it('verifies a credit note by its own number: its invoice.credited entry is about it', async () => {
      const note = join(home, `${randomUUID()}.json`);
      writeFileSync(
        note,
        JSON.stringify({ ...draftOf(seller), documentNumber: `CN-${randomUUID()}` }),
      );
      const credited = await taxchain(['credit', other, note]);
      expect(credited).toMatchObject({ code: 0 });
      const creditNote = (JSON.parse(credited.stdout) as { invoiceNumber: string }).invoiceNumber;
      const run = await taxchain(['verify', creditNote]);
      expect(run).toMatchObject({ code: 0 });
      expect(JSON.parse(run.stdout)).toMatchObject({
        verified: true,
        entries: [{ kind: 'invoice.credited', ok: true }],
      });
    });

    it("refuses another invoice's genuine proof as this invoice's: other-invoice (exit 3)", async () => {
      await proxy.forge({ path: `/invoices/${invoice}/proof`, from: `/invoices/${other}/proof` });
      const run = await taxchain(['verify', invoice, '--wait', '0']);
      expectRefusal(run, 3, new RegExp(`the proof of ${other}, not of ${invoice}`));
      expect(JSON.parse(run.stdout)).toEqual({
        invoiceNumber: invoice,
        verified: false,
        reason: 'other-invoice',
      });
    });

    it.each<[string, () => string, string]>([
      [
        "another invoice's genuine entries under this invoice's subject",
        () => JSON.stringify({ ...g.otherProof, subject: invoice }),
        'other-invoice',
      ],
      [
        "another invoice's genuine bundle beside this invoice's entry",
        () => withEntry(g.proof, () => ({ proof: bundleOf(g.otherProof) })),
        'entry-mismatch',
      ],
      [
        'a raised gross with payload and entry hashes recomputed',
        () =>
          withEntry(g.proof, ({ entry }) => ({
            entry: raisedEntry(entry),
            proof: { ...bundle(), entry: raisedEntry(entry) },
          })),
        'recomputed',
      ],
      [
        'a checkpoint signed by a key that is not the authority’s',
        () =>
          withEntry(g.proof, () => ({
            proof: { ...bundle(), checkpoint: resigned(bundle().checkpoint, stranger) },
          })),
        'checkpoint-unknown-key',
      ],
      [
        'a checkpoint naming the authority’s key, signed by another',
        () => {
          const authorityId = bundle().checkpoint.keyId;
          const checkpoint = resigned(bundle().checkpoint, stranger, authorityId);
          return withEntry(g.proof, () => ({ proof: { ...bundle(), checkpoint } }));
        },
        'checkpoint-bad-signature',
      ],
      [
        'the inclusion path of another leaf',
        () =>
          withEntry(g.proof, () => ({
            proof: { ...bundle(), inclusion: bundleOf(g.otherProof).inclusion },
          })),
        'not-included',
      ],
      [
        'the inclusion path to another tree size (a genuine older checkpoint)',
        () => withEntry(g.proof, () => ({ proof: { ...bundle(), checkpoint: olderCheckpoint } })),
        'not-included',
      ],
      [
        'a bundle whose checkpoint member is dropped',
        () => withEntry(g.proof, () => ({ proof: { ...bundle(), checkpoint: undefined } })),
        'malformed',
      ],
      [
        'a sequence number of the wrong type (a string), listed and bundled alike',
        () =>
          withEntry(g.proof, ({ entry }) => {
            const seq = String(entry.seq) as unknown as number;
            return { entry: { ...entry, seq }, proof: { ...bundle(), entry: { ...entry, seq } } };
          }),
        'entry-malformed',
      ],
      [
        'the entry listed twice',
        () => JSON.stringify({ ...g.proof, entries: [g.proof.entries[0], g.proof.entries[0]] }),
        'out-of-order',
      ],
    ])('refuses %s (exit 3)', async (_case, forge, reason) => {
      const expected = reason === 'recomputed' ? recomputedCaughtBy(bundle()) : reason;
      const run = await verifyForged(forge());
      expectRefusal(run, 3, /a proof does not verify/);
      const { verified, entries } = JSON.parse(run.stdout) as {
        verified: boolean;
        entries: Array<{ ok: boolean; reason?: string }>;
      };
      expect({ verified, failed: entries.find((e) => !e.ok) }).toEqual({
        verified: false,
        failed: expect.objectContaining({ ok: false, reason: expected }),
      });
    });

    it.each<[string, () => string, string, RegExp]>([
      [
        'a member named twice (another subject first)',
        () => namedTwice(g.proof, 'subject', other),
        'duplicate-member',
        /"subject" appears twice/,
      ],
      ['a truncated body', () => truncated(g.proof), 'not-json', /JSON/],
      ['a body that is not JSON', () => '<html>502 Bad Gateway</html>', 'not-json', /JSON/],
      ['a 200 with a problem body', () => problem, 'malformed', /not an invoice proof/],
      [
        'an answer without its entries',
        () => JSON.stringify({ ...g.proof, entries: undefined }),
        'malformed',
        /not an invoice proof/,
      ],
      [
        'pending of the wrong type',
        () => JSON.stringify({ ...g.proof, pending: 'no' }),
        'malformed',
        /not an invoice proof/,
      ],
    ])('refuses %s (exit 3)', async (_case, forge, reason, message) => {
      const run = await verifyForged(forge());
      expectRefusal(run, 3, message);
      expect(JSON.parse(run.stdout)).toEqual({ invoiceNumber: invoice, verified: false, reason });
    });

    it('refuses an answer with no entries (exit 3)', async () => {
      const run = await verifyForged(JSON.stringify({ ...g.proof, entries: [] }));
      expectRefusal(run, 3, /no ledger entries/);
      expect(JSON.parse(run.stdout)).toMatchObject({ verified: false, entries: [] });
    });

    it('refuses a checkpoint below the witness quorum: below-quorum (exit 3)', async () => {
      const witness = WitnessKey.create('witness.example.org/w1', generateSecretKey());
      const run = await verifyForged(JSON.stringify(g.proof), ['--witness', witness.vkey]);
      expectRefusal(run, 3, /a proof does not verify/);
      expect(JSON.parse(run.stdout)).toMatchObject({
        verified: false,
        entries: [{ ok: false, reason: 'below-quorum', cosignedBy: [] }],
      });
    });
  });

  describe('taxchain verify: the merchant signature against the key directory', () => {
    const directoryPath = () => `/merchants/${seller.taxId}/keys`;
    const verifyWithDirectory = async (body: string, status?: number) => {
      await proxy.forge({ path: directoryPath(), body, ...(status && { status }) });
      return taxchain(['verify', invoice, '--wait', '0']);
    };
    interface Verdict {
      verified: boolean;
      keyDirectory: { taxId: string; ok: boolean; reason?: string; proof?: string };
      entries: Array<{ ok: boolean; merchantSignature: { ok: boolean; reason?: string } }>;
    }
    const verdictOf = (run: Run) => JSON.parse(run.stdout) as Verdict;
    const sellerKey = () => readKey(seller.keyFile);
    /** The directory with the seller's one key changed by `change`. */
    const withKey = (change: (key: KeyDirectoryAnswer['keys'][0]) => object) =>
      JSON.stringify({
        ...g.directory,
        keys: [{ ...g.directory.keys[0], ...change(g.directory.keys[0]) }],
      });
    /** A key.revoked entry of the seller's key, recorded a millisecond before the invoice's. */
    const earlyRevocation = (registered: ProofBundle['entry']) => {
      const payload = { keyId: sellerKey().keyId, taxId: seller.taxId, reason: 'compromised' };
      const recordedAt = new Date(Date.parse(bundleOf(g.proof).entry.recordedAt) - 1).toISOString();
      const entry = {
        ...registered,
        kind: 'key.revoked',
        seq: registered.seq + 1,
        recordedAt,
        payload: canonicalJson(payload),
        payloadHash: toHex(payloadHash(payload)),
        actorSignature: null,
      };
      return { ...entry, entryHash: entryHash(entry) };
    };

    it("verifies the honest answers with the merchant's own token: key, valid from, no end", async () => {
      const run = await taxchain(['verify', invoice]);
      expect(run).toMatchObject({ code: 0 });
      const registered = g.directory.keys[0].registered.entry;
      expect(JSON.parse(run.stdout)).toMatchObject({
        verified: true,
        keyDirectory: { taxId: seller.taxId, ok: true },
        entries: [
          {
            kind: 'invoice.issued',
            ok: true,
            merchantSignature: {
              ok: true,
              keyId: sellerKey().keyId,
              validFrom: { seq: registered.seq, recordedAt: registered.recordedAt },
              validUntil: null,
            },
          },
        ],
      });
    });

    it.each<[string, () => string, RegExp, string]>([
      [
        "another merchant's genuine directory",
        () => JSON.stringify(g.rivalDirectory),
        /does not verify: other-merchant$/m,
        'other-merchant',
      ],
      [
        'a revocation before the entry under a checkpoint signed by another key',
        () =>
          withKey((key) => {
            const entry = earlyRevocation(key.registered.entry);
            const checkpoint = resigned(key.registered.checkpoint, stranger);
            return { status: 'revoked', revoked: { ...key.registered, entry, checkpoint } };
          }),
        /does not verify: key \w+: revocation-unproven \(checkpoint-unknown-key\)$/m,
        'revocation-unproven',
      ],
      [
        "a revocation before the entry under the authority's genuine checkpoint",
        () =>
          withKey((key) => {
            const entry = earlyRevocation(key.registered.entry);
            return { status: 'revoked', revoked: { ...key.registered, entry } };
          }),
        /does not verify: key \w+: revocation-unproven \((head-mismatch|not-included|index-mismatch)\)$/m,
        'revocation-unproven',
      ],
      [
        'keys that are not an array',
        () => JSON.stringify({ ...g.directory, keys: 'none' }),
        /does not verify: malformed$/m,
        'malformed',
      ],
      [
        'a truncated directory',
        () => truncated(g.directory),
        /does not verify: not-json \(/,
        'not-json',
      ],
    ])(
      'refuses %s: the key directory does not verify (exit 3)',
      async (_case, forge, message, reason) => {
        const run = await verifyWithDirectory(forge());
        expectRefusal(run, 3, message);
        expect(run.stderr).toContain(`the key directory of ${seller.taxId} does not verify`);
        const verdict = verdictOf(run);
        expect(verdict).toMatchObject({
          verified: false,
          keyDirectory: { taxId: seller.taxId, ok: false, reason },
          entries: [{ ok: true, merchantSignature: { ok: false, reason: 'directory-unproven' } }],
        });
      },
    );

    it('refuses a directory that leaves the signing key out: unknown-key (exit 3)', async () => {
      const run = await verifyWithDirectory(JSON.stringify({ ...g.directory, keys: [] }));
      expectRefusal(
        run,
        3,
        /a merchant signature does not verify: seq \d+ invoice\.issued: unknown-key$/m,
      );
      expect(verdictOf(run)).toMatchObject({
        verified: false,
        keyDirectory: { ok: true },
        entries: [{ ok: true, merchantSignature: { ok: false, reason: 'unknown-key' } }],
      });
    });

    it('says the directory cannot be read when the service refuses it, and checks nothing (exit 1)', async () => {
      const forbidden = JSON.stringify({
        type: 'urn:taxchain:problem:forbidden',
        title: 'Forbidden',
        status: 403,
        detail: 'A merchant credential may not call this.',
      });
      const run = await verifyWithDirectory(forbidden, 403);
      expectRefusal(
        run,
        1,
        new RegExp(`the key directory of ${seller.taxId} is refused: 403 Forbidden`),
      );
      expect(verdictOf(run)).toMatchObject({
        verified: false,
        keyDirectory: { ok: false, reason: 'refused' },
        entries: [{ ok: true, merchantSignature: { ok: false, reason: 'directory-refused' } }],
      });
    });

    describe('an entry the operator recorded behind the platform (genuine proofs)', () => {
      let victim: { taxId: string; token: string };
      let revokedKey: MerchantSigner;
      const send = async (path: string, token: string, body: unknown) => {
        const answer = await fetch(`${service}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(answer.status).toBeLessThan(300);
      };
      /**
       * An invoice.issued entry of `taxId` signed by `signer`, appended straight to the ledger
       * (no key check: what an operator with database rights could do), and its genuine proof
       * served where the service would answer 404 (it has no invoice row).
       */
      const recordedBehind = async (signer: MerchantSigner) => {
        const { taxId } = signer;
        const number = `26${Date.now()}${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
        const document = signer.invoice(buyerTaxId);
        const draft = {
          kind: 'invoice.issued',
          subject: number,
          actor: `merchant:${taxId}`,
          payload: { document, invoiceNumber: number, checkCode: '12345678901234567890' },
          actorSignature: signer.sign(document),
          identity: randomUUID(),
        };
        const appender = issuing.app.get(LedgerAppender);
        await appender.commit({
          subject: number,
          run: () => Promise.resolve({ value: null, entries: [draft] }),
        });
        const proofs = issuing.app.get(LedgerProofs);
        await waitFor(async () => !(await proofs.forSubject(number)).pending);
        const proof = await proofs.forSubject(number);
        await proxy.forge({ path: `/invoices/${number}/proof`, body: JSON.stringify(proof) });
        return number;
      };

      beforeAll(async () => {
        const { token, party } = await GivenAccess.from(issuing.app).merchant();
        victim = { token, taxId: party.taxId };
        revokedKey = new MerchantSigner(party);
        await send('/keys', token, revokedKey.registration());
        await send(`/keys/${revokedKey.keyId}/revoke`, token, { reason: 'compromised' });
      });

      it('refuses an entry signed with a key revoked before it was recorded: key-revoked (exit 3)', async () => {
        const number = await recordedBehind(revokedKey);
        const run = await taxchain(['verify', number], { TAXCHAIN_TOKEN: victim.token });
        expectRefusal(
          run,
          3,
          /a merchant signature does not verify: seq \d+ invoice\.issued: key-revoked$/m,
        );
        expect(verdictOf(run)).toMatchObject({
          verified: false,
          keyDirectory: { taxId: victim.taxId, ok: true },
          entries: [{ ok: true, merchantSignature: { ok: false, reason: 'key-revoked' } }],
        });
      });

      it("refuses an entry signed by a key not in the merchant's directory: unknown-key (exit 3)", async () => {
        const number = await recordedBehind(new MerchantSigner(seller));
        const run = await taxchain(['verify', number]);
        expectRefusal(
          run,
          3,
          /a merchant signature does not verify: seq \d+ invoice\.issued: unknown-key$/m,
        );
        expect(verdictOf(run)).toMatchObject({
          verified: false,
          entries: [{ ok: true, merchantSignature: { ok: false, reason: 'unknown-key' } }],
        });
      });

      it("refuses an entry signed with another merchant's registered key: unknown-key (exit 3)", async () => {
        const rivalKey = new MerchantSigner(seller, fromHex(readKey(rival.keyFile).secretKey));
        const number = await recordedBehind(rivalKey);
        const run = await taxchain(['verify', number]);
        expectRefusal(
          run,
          3,
          /a merchant signature does not verify: seq \d+ invoice\.issued: unknown-key$/m,
        );
        expect(verdictOf(run).entries[0].merchantSignature).toEqual({
          ok: false,
          reason: 'unknown-key',
        });
      });
    });
  });

  describe('taxchain keys', () => {
    const keysForged = async (body: string) => {
      await proxy.forge({ path: `/merchants/${seller.taxId}/keys`, body });
      return taxchain(['keys', seller.taxId, '--wait', '0'], { TAXCHAIN_TOKEN: buyerToken });
    };
    const withKey = (change: (key: KeyDirectoryAnswer['keys'][0]) => object) =>
      JSON.stringify({
        ...g.directory,
        keys: [{ ...g.directory.keys[0], ...change(g.directory.keys[0]) }],
      });

    it('verifies the honest directory through the proxy', async () => {
      const run = await taxchain(['keys', seller.taxId], { TAXCHAIN_TOKEN: buyerToken });
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout).toContain(`merchant ${seller.taxId}: 1 key(s)`);
    });

    it("refuses another merchant's genuine directory: other-merchant (exit 3)", async () => {
      await proxy.forge({
        path: `/merchants/${seller.taxId}/keys`,
        from: `/merchants/${rival.taxId}/keys`,
      });
      const run = await taxchain(['keys', seller.taxId, '--wait', '0'], {
        TAXCHAIN_TOKEN: buyerToken,
      });
      expectRefusal(run, 3, /the key directory does not verify: other-merchant$/m);
      expect(run.stdout).toBe('');
    });

    it.each<[string, () => string, RegExp]>([
      [
        'a registration time changed with the entry hash recomputed',
        () =>
          withKey(({ registered: bundle }) => {
            const recordedAt = new Date(Date.parse(bundle.entry.recordedAt) - 1).toISOString();
            const entry = { ...bundle.entry, recordedAt };
            return { registered: { ...bundle, entry: { ...entry, entryHash: entryHash(entry) } } };
          }),
        /registration-unproven \((head-mismatch|not-included)\)/,
      ],
      [
        'a checkpoint signed by a key that is not the authority’s',
        () =>
          withKey(({ registered: bundle }) => ({
            registered: { ...bundle, checkpoint: resigned(bundle.checkpoint, stranger) },
          })),
        /registration-unproven \(checkpoint-unknown-key\)/,
      ],
      [
        "another merchant's public key under this key id",
        () => withKey(() => ({ publicKey: readKey(rival.keyFile).publicKey })),
        /key-mismatch/,
      ],
      [
        'the inclusion path of another leaf',
        () =>
          withKey(({ registered: bundle }) => ({
            registered: { ...bundle, inclusion: bundleOf(g.proof).inclusion },
          })),
        /registration-unproven \(not-included\)/,
      ],
      [
        'a registration member dropped',
        () => withKey(() => ({ registered: undefined })),
        /registration-unproven \(malformed\)/,
      ],
      ['a key id of the wrong type', () => withKey(() => ({ keyId: 42 })), /: malformed$/m],
      [
        'a member named twice (another merchant first)',
        () => namedTwice(g.directory, 'taxId', rival.taxId),
        /duplicate-member \(the member "taxId" appears twice/,
      ],
      ['a truncated body', () => truncated(g.directory), /not-json/],
      ['a 200 with a problem body', () => problem, /: malformed$/m],
    ])('refuses %s (exit 3)', async (_case, forge, message) => {
      const run = await keysForged(forge());
      expectRefusal(run, 3, message);
      expect(run.stdout).toBe('');
    });
  });

  describe('taxchain status', () => {
    const statusForged = async (body: string) => {
      await proxy.forge({ path: `/invoices/${invoice}`, body });
      return taxchain(['status', invoice]);
    };

    it('shows the honest answer through the proxy', async () => {
      const run = await taxchain(['status', invoice]);
      expect(run).toMatchObject({ code: 0 });
      expect(JSON.parse(run.stdout)).toMatchObject({ invoiceNumber: invoice, status: 'issued' });
    });

    it('refuses another invoice as this one (exit 1)', async () => {
      await proxy.forge({ path: `/invoices/${invoice}`, from: `/invoices/${other}` });
      const run = await taxchain(['status', invoice]);
      expectRefusal(run, 1, new RegExp(`unusable: it is invoice ${other}`));
      expect(run.stdout).toBe('');
    });

    it.each<[string, () => string, RegExp]>([
      [
        'a member dropped',
        () => JSON.stringify({ ...g.invoiceAnswer, document: undefined }),
        /document\.documentNumber is missing or not a string/,
      ],
      [
        'a member of the wrong type',
        () => JSON.stringify({ ...g.invoiceAnswer, status: 7 }),
        /status is missing or not a string/,
      ],
      [
        'a member named twice',
        () => namedTwice(g.invoiceAnswer, 'status', 'voided'),
        /duplicate-member/,
      ],
      ['a truncated body', () => truncated(g.invoiceAnswer), /not-json/],
      ['a 200 with a problem body', () => problem, /invoiceNumber is missing or not a string/],
    ])('refuses %s (exit 1)', async (_case, forge, message) => {
      const run = await statusForged(forge());
      expectRefusal(run, 1, message);
      expect(run.stdout).toBe('');
    });
  });
});

function readKey(file: string): { keyId: string; publicKey: string; secretKey: string } {
  return JSON.parse(readFileSync(file, 'utf8')) as {
    keyId: string;
    publicKey: string;
    secretKey: string;
  };
}
