import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { generateSecretKey, nobleEd25519, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';
import { MerchantSigner } from '../scripts/load/merchant-signer';
import { forgedQrTexts } from './support/forged-qr';
import { qrTextOfImage, qrTextOnPage } from './support/pdf-qr';
import { issuedAndPrinted } from './support/printed-document';

const cli = resolve(__dirname, '../dist/apps/cli/src/main.js');
const PUBLIC_VERIFY_URL = 'https://fapiao.example.cn/reimbursement';
/** Where the renderer draws the QR code (pt from the top left), with a quiet margin around it. */
const QR_FRAME = { x: 30, y: 30, width: 104, height: 104 };

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Issue 16: the printed QR code carries the tax authority's signed statement, so a phone checks
 * the invoice offline: read from the PDF as printed, `taxchain qr-verify` shows what the authority
 * signed, and refuses every forged copy.
 */
describe('taxchain qr-verify: the QR code on a printed invoice, checked offline', () => {
  const home = mkdtempSync(join(tmpdir(), 'taxchain-qr-'));
  const authoritySecret = generateSecretKey();
  const authorityKey = toHex(nobleEd25519.publicKeyOf(authoritySecret));
  let database: TestDatabase;
  let app: INestApplication;
  let merchant: Awaited<ReturnType<GivenAccess['merchant']>>;
  let signer: MerchantSigner;
  let buyerTaxId: string;

  const taxchain = (args: string[]): Promise<Run> =>
    new Promise((done) => {
      execFile(
        process.execPath,
        [cli, ...args],
        { env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8', timeout: 30_000 },
        (error, stdout, stderr) => {
          const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
          done({ code, stdout, stderr });
        },
      );
    });
  const http = () => request(app.getHttpServer());
  /** The printed PDF of a newly issued invoice (or credit note of `credits`), and its receipt. */
  const printed = (credits?: string) =>
    issuedAndPrinted(app, { token: merchant.token, signer }, buyerTaxId, credits);

  beforeAll(async () => {
    database = await createTestDatabase(issuingService.migrations);
    app = await createServiceApp(
      issuingService,
      testConfig(database.url, {
        KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
        AUTHORITY_KEY: toHex(authoritySecret),
        PUBLIC_VERIFY_URL,
      }),
    );
    await app.init();
    const given = GivenAccess.from(app);
    merchant = await given.merchant();
    buyerTaxId = (await given.company()).party.taxId;
    signer = new MerchantSigner(merchant.party);
    await http()
      .post('/keys')
      .set('Authorization', `Bearer ${merchant.token}`)
      .send(signer.registration())
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  });

  it('reads the QR code off the printed page and shows what the tax authority signed', async () => {
    const { receipt, document, pdf } = await printed();
    const text = qrTextOfImage(pdf)!;
    // Scannable as printed: poppler's drawing of the page at 300 dpi, a printer's, decodes to the same text.
    expect(qrTextOnPage(pdf, QR_FRAME, 300)).toBe(text);

    const scanned = join(home, 'scanned.txt');
    writeFileSync(scanned, `${text}\n`);
    for (const args of [[text], ['--file', scanned]]) {
      const run = await taxchain(['qr-verify', ...args, '--authority-key', authorityKey]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 0,
        stderr: expect.stringContaining('signed by the tax authority') as string,
      });
      expect(JSON.parse(run.stdout)).toEqual({
        verified: true,
        invoiceNumber: receipt.invoiceNumber,
        issueDate: document.issueDate,
        checkCode: receipt.checkCode,
        gross: '61.56',
        currency: 'CNY',
        sellerTaxId: merchant.party.taxId,
        buyerTaxId,
        ledgerEntry: {
          entryHash: receipt.entryHash,
          chain: expect.any(Number),
          seq: expect.any(Number),
        },
        checkUrl: `${PUBLIC_VERIFY_URL}/check?number=${receipt.invoiceNumber}&date=${document.issueDate}&code=${receipt.checkCode}&amount=61.56`,
        authorityKeyId: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
    }
  });

  it("states a credit note's gross negative", async () => {
    const { receipt: original } = await printed();
    const { receipt, pdf } = await printed(original.invoiceNumber);
    const run = await taxchain(['qr-verify', qrTextOfImage(pdf)!, '--authority-key', authorityKey]);
    expect(run.code).toBe(0);
    // 1 × 12.50 = 1250 fen, tax 162.5 → 163: 14.13 taken back.
    expect(JSON.parse(run.stdout)).toMatchObject({
      invoiceNumber: receipt.invoiceNumber,
      checkCode: receipt.checkCode,
      gross: '-14.13',
    });
  });

  it('refuses every forged copy, and a genuine one checked against another authority key', async () => {
    const text = qrTextOfImage((await printed()).pdf)!;
    const stranger = toHex(nobleEd25519.publicKeyOf(generateSecretKey()));
    const cases = [
      ...forgedQrTexts(text).map(({ name, text: forged, fails }) => ({
        name,
        args: [forged, '--authority-key', authorityKey],
        fails,
      })),
      {
        name: 'another authority',
        args: [text, '--authority-key', stranger],
        fails: 'qr-unknown-key',
      },
    ];
    for (const { name, args, fails } of cases) {
      const run = await taxchain(['qr-verify', ...args]);
      expect({ name, code: run.code, stdout: JSON.parse(run.stdout) as unknown }).toEqual({
        name,
        code: 3,
        stdout: { verified: false, reason: fails },
      });
    }
  });

  it('answers bad input with exit code 2 and reads nothing it was not given', async () => {
    const noKey = await taxchain(['qr-verify', '{}']);
    expect(noKey.code).toBe(2);
    const both = await taxchain([
      'qr-verify',
      '{}',
      '--file',
      'x',
      '--authority-key',
      authorityKey,
    ]);
    expect(both.code).toBe(2);
    const missing = await taxchain([
      'qr-verify',
      '--file',
      join(home, 'absent.txt'),
      '--authority-key',
      authorityKey,
    ]);
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({
      code: 2,
      stderr: expect.stringContaining('cannot read') as string,
    });
  });
});
