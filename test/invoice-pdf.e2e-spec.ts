import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import request from 'supertest';
import {
  AuthorityKeys,
  generateSecretKey,
  toHex,
  type LedgerEntry,
  type ProofBundle,
} from '@taxchain/ledger';
import {
  type InvoiceStatement,
  invoiceQrText,
  verifyInvoiceQr,
} from '@taxchain/ledger/qr/invoice-qr';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { renderQrPng } from '../apps/issuing/src/invoices/pdf/qr-png';
import { InvoicePdfService } from '../apps/issuing/src/invoices/pdf/invoice-pdf.service';
import { InvoiceQueriesService } from '../apps/issuing/src/invoices/invoice-queries.service';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';
import { MerchantSigner } from '../scripts/load/merchant-signer';
import { inspectPdf, qrTextOfImage } from './support/pdf-qr';
import { pdfText, pdfWords } from './support/pdf-reading';
import { poll } from './support/wait-for';

type Merchant = Awaited<ReturnType<GivenAccess['merchant']>>;
interface ProofBody {
  pending: boolean;
  entries: Array<{ entry: LedgerEntry; proof?: ProofBundle }>;
}

const SELLER_NAME = '上海测试贸易有限公司';
const BUYER_NAME = '浦东工具有限公司';
/** Where buyers reach the reimbursement service: set, so nothing prints 127.0.0.1. */
const PUBLIC_VERIFY_URL = 'https://fapiao.example.cn/reimbursement';

/** The printable invoice: layout text, Chinese names, the QR code and who may fetch it. */
describe('issuing: printable invoice PDF', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let merchantA: Merchant;
  let merchantB: Merchant;
  let signer: MerchantSigner;
  let buyerTaxId: string;

  const get = (token: string, path: string) =>
    request(app.getHttpServer())
      .get(path)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
  /** Issues an invoice by merchant A with Chinese party names and waits for its checkpoint. */
  const issue = async () => {
    const document = signer.invoice(buyerTaxId, {
      seller: { taxId: merchantA.party.taxId, name: SELLER_NAME },
      buyer: { taxId: buyerTaxId, name: BUYER_NAME },
    });
    const receipt = await request(app.getHttpServer())
      .post('/invoices')
      .set('Authorization', `Bearer ${merchantA.token}`)
      .send(signer.signed(document))
      .expect(201);
    const invoiceNumber = receipt.body.invoiceNumber as string;
    const proof = await poll(async () => {
      const response = await get(merchantA.token, `/invoices/${invoiceNumber}/proof`);
      const body = JSON.parse((response.body as Buffer).toString()) as ProofBody;
      return body.pending ? undefined : body;
    });
    return { receipt: receipt.body, proof, document };
  };
  beforeAll(async () => {
    database = await createTestDatabase(issuingService.migrations);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      CHECKPOINT_INTERVAL_MS: '100',
      AUTHORITY_KEY: toHex(generateSecretKey()),
      PUBLIC_VERIFY_URL,
    });
    app = await createServiceApp(issuingService, config);
    await app.init();
    const given = GivenAccess.from(app);
    merchantA = await given.merchant({ name: SELLER_NAME });
    merchantB = await given.merchant();
    buyerTaxId = (await given.company()).party.taxId;
    signer = new MerchantSigner(merchantA.party);
    await request(app.getHttpServer())
      .post('/keys')
      .set('Authorization', `Bearer ${merchantA.token}`)
      .send(signer.registration())
      .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('prints number, Chinese seller name, gross and a QR image, at both paths', async () => {
    const { receipt } = await issue();
    const number = receipt.invoiceNumber as string;
    for (const path of [`/invoices/${number}.pdf`, `/invoices/${number}/pdf`]) {
      const response = await get(merchantA.token, path).expect(200);
      expect(response.headers['content-type']).toMatch(/^application\/pdf/);
      const pdf = response.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const { text, images } = inspectPdf(pdf);
      expect(text).toContain(number);
      expect(text).toContain(SELLER_NAME);
      expect(text).toContain(BUYER_NAME);
      expect(text).toContain(receipt.checkCode);
      expect(text).toContain(receipt.entryHash);
      // 3 × 12.50 = 3750 + tax 488; 2 × 8.80 = 1760 + tax 158: gross 6156 fen = ¥61.56
      expect(text).toContain('¥61.56');
      expect(images).toHaveLength(1);
      // Only the shipped faces, whatever the machine has (Droid's fallback font has no digits).
      expect(embeddedFonts(pdf)).toEqual(['NotoSansSC-Bold', 'NotoSansSC-Regular']);
    }
  });

  it('prints the issued invoice as a 数电票, buyer left and seller right, with the public verification URL', async () => {
    const { receipt } = await issue();
    const number = receipt.invoiceNumber as string;
    const pdf = (await get(merchantA.token, `/invoices/${number}.pdf`).expect(200)).body as Buffer;
    const text = pdfText(pdf);
    // The buyer is registered on the platform (a company) and every line is taxed: a 专票.
    expect(text).toContain('电子发票（增值税专用发票）');
    expect(text).toContain(`发票号码： ${number}`);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).split('-');
    expect(text).toContain(`开票日期： ${today[0]}年${today[1]}月${today[2]}日`);
    expect(text).toMatch(/Wuyi rock tea, 250 g tin\s+3\s+12\.50\s+37\.50\s+13%\s+4\.88/);
    expect(text).toMatch(/价税合计（大写）\s+陆拾壹元伍角陆分\s+（小写）\s*¥61\.56/);
    // The public check page, pre-filled with what is printed: no login needed to open it.
    expect(text).toContain(
      `${PUBLIC_VERIFY_URL}/check?number=${number}&date=${today.join('-')}&code=${receipt.checkCode}&amount=61.56`,
    );
    expect(text).not.toContain('127.0.0.1');
    const line = text.split('\n').find((l) => l.includes(BUYER_NAME))!;
    expect(line.indexOf(BUYER_NAME)).toBeLessThan(line.indexOf(SELLER_NAME));
  });

  it('prints a credit note with negative amounts and the invoice it reverses', async () => {
    const { receipt } = await issue();
    const original = receipt.invoiceNumber as string;
    // 1 × 12.50 = 1250 fen, tax 162.5 → 163: 14.13 taken back.
    const document = signer.invoice(buyerTaxId, {
      kind: 'credit-note',
      creditedInvoiceNumber: original,
      seller: { taxId: merchantA.party.taxId, name: SELLER_NAME },
      buyer: { taxId: buyerTaxId, name: BUYER_NAME },
      lineInputs: [
        {
          description: 'Wuyi rock tea, 250 g tin',
          quantity: '1',
          unitPrice: '12.50',
          taxRate: '0.13',
        },
      ],
    });
    const credited = await request(app.getHttpServer())
      .post(`/invoices/${original}/credit-notes`)
      .set('Authorization', `Bearer ${merchantA.token}`)
      .send(signer.signed(document))
      .expect(201);
    const number = credited.body.invoiceNumber as string;
    const pdf = (await get(merchantA.token, `/invoices/${number}.pdf`).expect(200)).body as Buffer;
    const text = pdfText(pdf);
    expect(text).toContain('红字发票');
    expect(text).toMatch(/Wuyi rock tea, 250 g tin\s+-1\s+12\.50\s+-12\.50\s+13%\s+-1\.63/);
    expect(text).toMatch(/价税合计（大写）\s+负壹拾肆元壹角叁分\s+（小写）\s*¥-14\.13/);
    expect(text).toContain(`被红冲蓝字发票号码：${original}`);
  });

  it("carries the tax authority's signed statement of the issuing entry in the QR code printed on the page", async () => {
    const { receipt, proof, document } = await issue();
    const number = receipt.invoiceNumber as string;
    const issued = proof.entries.find(({ entry }) => entry.entryHash === receipt.entryHash)!;
    const authority = app.get(AuthorityKeys);
    const statement: InvoiceStatement = {
      v: 2,
      n: number,
      d: document.issueDate,
      c: receipt.checkCode,
      g: '61.56',
      cur: 'CNY',
      s: merchantA.party.taxId,
      b: buyerTaxId,
      h: receipt.entryHash,
      chain: issued.entry.chain,
      seq: issued.entry.seq,
      u: PUBLIC_VERIFY_URL,
      k: authority.current.keyId,
    };
    // The PNG the service renders decodes to exactly that statement, signed…
    const invoice = await app.get(InvoiceQueriesService).get(merchantA.party.taxId, number);
    const payload = await app.get(InvoicePdfService).qrPayload(invoice);
    const png = PNG.sync.read(await renderQrPng(invoiceQrText(payload)));
    const fromPng = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
    expect(verifyInvoiceQr(fromPng, authority.trusted)).toEqual({ ok: true, statement });
    // …and so does the image drawn in the PDF itself, byte for byte.
    const pdf = (await get(merchantA.token, `/invoices/${number}.pdf`).expect(200)).body as Buffer;
    expect(qrTextOfImage(pdf)).toBe(fromPng);
  });

  it('stamps a voided invoice 作废', async () => {
    const { receipt } = await issue();
    const number = receipt.invoiceNumber as string;
    await request(app.getHttpServer())
      .post(`/invoices/${number}/void`)
      .set('Authorization', `Bearer ${merchantA.token}`)
      .send(signer.void(number))
      .expect(200);
    const pdf = (await get(merchantA.token, `/invoices/${number}.pdf`).expect(200)).body as Buffer;
    // The stamp is the only text over 100 pt tall; poppler reads it glyph by glyph.
    const stamp = pdfWords(pdf).filter(({ yMin, yMax }) => yMax - yMin > 100);
    expect(stamp.map((word) => word.text).sort()).toEqual(['作', '废']);
    expect(pdfText(pdf)).not.toContain('VOIDED');
  });

  it("answers 404 for another merchant's invoice and for unknown numbers", async () => {
    const { receipt } = await issue();
    const number = receipt.invoiceNumber as string;
    for (const [token, path] of [
      [merchantB.token, `/invoices/${number}.pdf`],
      [merchantB.token, `/invoices/${number}/pdf`],
      [merchantA.token, '/invoices/99999999999999999999.pdf'],
      [merchantA.token, '/invoices/not-a-number/pdf'],
    ]) {
      const response = await get(token, path).expect(404);
      expect(JSON.parse((response.body as Buffer).toString()).type).toBe(
        'urn:taxchain:problem:invoice-not-found',
      );
    }
  });

  it('documents the PDF as application/pdf in OpenAPI', async () => {
    const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    for (const path of ['/invoices/{number}.pdf', '/invoices/{number}/pdf']) {
      expect(Object.keys(document.paths[path].get.responses['200'].content)).toEqual([
        'application/pdf',
      ]);
    }
  });
});

/** The font names a PDF embeds, without pdfkit's subset prefix. */
function embeddedFonts(pdf: Buffer): string[] {
  const names = pdf.toString('latin1').match(/\/BaseFont \/(?:[A-Z]{6}\+)?[^\s/]+/g) ?? [];
  return [...new Set(names.map((name) => name.replace(/^\/BaseFont \/([A-Z]{6}\+)?/, '')))].sort();
}
