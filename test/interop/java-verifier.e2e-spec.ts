import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { generateSecretKey, keyId, nobleEd25519, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { auditService } from '../../apps/audit/src/audit.service-definition';
import { issuingService } from '../../apps/issuing/src/issuing.service-definition';
import { MerchantSigner } from '../../scripts/load/merchant-signer';
import { buildJavaVerifier, javaVerifier } from '../support/java-verifier';
import { forgedQrTexts } from '../support/forged-qr';
import { qrTextOfImage } from '../support/pdf-qr';
import { poll } from '../support/wait-for';

const vectors = resolve(__dirname, '../../docs/spec/vectors');

interface Verdicts {
  verified: boolean;
  entries: Array<{ kind: string; verdict: string }>;
}

/**
 * An independent implementation agrees with the platform: the Java verifier (written from the
 * spec, not from this code) passes the spec's vectors, verifies a proof fetched over HTTP from
 * the running services with the authority keys they publish, and refuses forged copies.
 */
describe('Java verifier against the spec and a live platform', () => {
  const work = mkdtempSync(join(tmpdir(), 'taxchain-java-'));
  const authoritySecret = generateSecretKey();
  let database: TestDatabase;
  let issuing: INestApplication;
  let audit: INestApplication;
  let issuingUrl: string;
  let auditUrl: string;
  let token: string;
  let buyerToken: string;
  let signer: MerchantSigner;

  beforeAll(async () => {
    const build = buildJavaVerifier();
    database = await createTestDatabase([
      ...issuingService.migrations,
      ...auditService.migrations.slice(2),
    ]);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      CHECKPOINT_INTERVAL_MS: '100',
      AUTHORITY_KEY: toHex(authoritySecret),
    });
    issuing = await createServiceApp(issuingService, config);
    audit = await createServiceApp(auditService, config);
    const urls = [];
    for (const app of [issuing, audit]) {
      await app.listen(0, '127.0.0.1');
      urls.push((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    }
    [issuingUrl, auditUrl] = urls;
    const merchant = await GivenAccess.from(issuing).merchant();
    const buyer = await GivenAccess.from(issuing).company();
    token = merchant.token;
    buyerToken = buyer.token;
    signer = new MerchantSigner(merchant.party);
    await post('/keys', signer.registration());
    const invoice = await post('/invoices', signer.signed(signer.invoice(buyer.party.taxId)));
    invoiceNumber = invoice.invoiceNumber as string;
    const built = await build;
    if (built.code !== 0) throw new Error(`mvn package failed:\n${built.stdout}${built.stderr}`);
  }, 360_000);

  afterAll(async () => {
    await audit?.close();
    await issuing?.close();
    await database?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  let invoiceNumber: string;
  const post = async (path: string, body: object): Promise<Record<string, unknown>> => {
    const response = await fetch(`${issuingUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as Record<string, unknown>;
  };
  const proofUrl = () => `${issuingUrl}/invoices/${invoiceNumber}/proof`;
  /** The invoice's proof once a checkpoint covers it, as any client fetches it. */
  const checkpointedProof = async () => {
    for (;;) {
      const response = await fetch(proofUrl(), { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { pending: boolean; entries: unknown[] };
      if (!body.pending && body.entries.length > 0) return body;
      await new Promise((wait) => setTimeout(wait, 100));
    }
  };
  /** A file in the scratch directory: a text as it is, anything else as JSON. */
  const file = (name: string, content: unknown) => {
    const path = join(work, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  it('passes every vector of docs/spec/vectors, valid and invalid', async () => {
    const result = await javaVerifier(['vectors', vectors]);
    expect(result.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    expect(result.stdout).not.toMatch(/^FAIL/m);
    expect(result.code).toBe(0);
  });

  it('verifies the live proof over HTTP with the keys GET /authority publishes', async () => {
    await checkpointedProof();
    const result = await javaVerifier(
      [
        'proof',
        '--authority',
        `${auditUrl}/authority`,
        '--merchant-key',
        signer.publicKey,
        proofUrl(),
      ],
      { TAXCHAIN_TOKEN: token },
    );
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const verdicts = JSON.parse(result.stdout) as Verdicts;
    expect(verdicts).toEqual({
      verified: true,
      entries: [expect.objectContaining({ kind: 'invoice.issued', verdict: 'ok' })],
    });
  });

  it('refuses a forged payload, a stranger authority and a stranger merchant key', async () => {
    const proof = await checkpointedProof();
    const authority = file('authority.json', await (await fetch(`${auditUrl}/authority`)).json());
    // gross × 10 in the payload a client would show, in the listing and in the bundle; every hash as served
    const tenfold = (payload: string) =>
      payload.replace(/"gross":"(\d+)"/, (_, gross: string) => `"gross":"${gross}0"`);
    const forged = structuredClone(proof) as unknown as SubjectProofJson;
    for (const item of forged.entries) {
      item.entry.payload = tenfold(item.entry.payload);
      item.proof.entry.payload = tenfold(item.proof.entry.payload);
    }
    expect(JSON.stringify(forged)).not.toBe(JSON.stringify(proof));
    const stranger = listing(generateSecretKey());
    const verify = async (args: string[]) => {
      const result = await javaVerifier(['proof', ...args]);
      return {
        code: result.code,
        verdicts: (JSON.parse(result.stdout) as Verdicts).entries.map((e) => e.verdict),
      };
    };

    expect(await verify(['--authority', authority, file('honest.json', proof)])).toEqual({
      code: 0,
      verdicts: ['ok'],
    });
    expect(await verify(['--authority', authority, file('forged.json', forged)])).toEqual({
      code: 3,
      verdicts: ['payload-mismatch'],
    });
    expect(
      await verify(['--authority', file('stranger.json', stranger), file('honest2.json', proof)]),
    ).toEqual({
      code: 3,
      verdicts: ['checkpoint-unknown-key'],
    });
    const otherMerchant = new MerchantSigner(signer.seller);
    expect(
      await verify([
        '--authority',
        authority,
        '--merchant-key',
        otherMerchant.publicKey,
        file('honest3.json', proof),
      ]),
    ).toEqual({
      code: 3,
      verdicts: ['unknown-actor-key'],
    });
  });

  it('verifies the QR code read from the live invoice PDF, and refuses forged ones', async () => {
    const response = await fetch(`${issuingUrl}/invoices/${invoiceNumber}.pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    const text = qrTextOfImage(Buffer.from(await response.arrayBuffer()))!;
    const authority = `${auditUrl}/authority`;
    const verify = async (name: string, qr: string) => {
      const result = await javaVerifier(['qr', '--authority', authority, file(`${name}.txt`, qr)]);
      const report = JSON.parse(result.stdout) as { verdict: string; statement?: { n: string } };
      return { code: result.code, verdict: report.verdict, number: report.statement?.n };
    };
    expect(await verify('scanned', text)).toEqual({
      code: 0,
      verdict: 'ok',
      number: invoiceNumber,
    });
    const forged = forgedQrTexts(text).filter(({ name }) =>
      ['g altered', 'u altered', 'signed by another key', 'truncated'].includes(name),
    );
    expect(forged).toHaveLength(4);
    for (const { name, text: qr, fails } of forged)
      expect({ name, ...(await verify(name.replace(/ /g, '-'), qr)) }).toEqual({
        name,
        code: 3,
        verdict: fails,
        number: undefined,
      });
  });

  it("verifies the merchant's key directory over HTTP as a buyer, and the invoice's signature against it", async () => {
    const proof = await checkpointedProof();
    const directoryUrl = `${issuingUrl}/merchants/${signer.taxId}/keys`;
    const directory = await poll(async () => {
      const response = await fetch(directoryUrl, {
        headers: { authorization: `Bearer ${buyerToken}` },
      });
      const body = (await response.json()) as DirectoryJson;
      return !body.pending && body.keys.length > 0 ? body : undefined;
    });
    const authority = file(
      'authority-keys.json',
      await (await fetch(`${auditUrl}/authority`)).json(),
    );
    const keys = (args: string[], env: Record<string, string> = {}) =>
      javaVerifier(['keys', '--authority', authority, ...args], env);

    const honest = await keys(['--entry', file('invoice-proof.json', proof), directoryUrl], {
      TAXCHAIN_TOKEN: buyerToken,
    });
    expect({ code: honest.code, stderr: honest.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(honest.stdout)).toEqual({
      verified: true,
      taxId: signer.taxId,
      keys: [
        expect.objectContaining({
          keyId: signer.keyId,
          publicKey: signer.publicKey,
          validFrom: expect.objectContaining({ seq: expect.any(Number) }),
          validUntil: null,
        }),
      ],
      entries: [expect.objectContaining({ kind: 'invoice.issued', verdict: 'ok' })],
    });

    const stranger = new MerchantSigner(signer.seller);
    const swapped = structuredClone(directory);
    swapped.keys[0].publicKey = stranger.publicKey;
    const forged = await keys([file('swapped-key.json', swapped)]);
    expect({ code: forged.code, report: JSON.parse(forged.stdout) }).toEqual({
      code: 3,
      report: { verified: false, reason: 'key-mismatch', keyId: signer.keyId },
    });
    const withoutTheKey = await keys([
      '--entry',
      file('invoice-proof2.json', proof),
      file('no-keys.json', { ...directory, keys: [] }),
    ]);
    expect(withoutTheKey.code).toBe(3);
    expect(JSON.parse(withoutTheKey.stdout)).toMatchObject({
      verified: false,
      entries: [{ kind: 'invoice.issued', verdict: 'unknown-key' }],
    });
  });
});

interface DirectoryJson {
  pending: boolean;
  keys: Array<{ publicKey: string }>;
}

/** A GET /authority answer naming only a key that is not the platform's. */
function listing(secret: Uint8Array) {
  const publicKey = nobleEd25519.publicKeyOf(secret);
  return { keys: [{ keyId: keyId(publicKey), publicKey: toHex(publicKey), current: true }] };
}

interface SubjectProofJson {
  entries: Array<{ entry: { payload: string }; proof: { entry: { payload: string } } }>;
}
