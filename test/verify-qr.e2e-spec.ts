import type { INestApplication } from '@nestjs/common';
import request, { type Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { base64urlnopad } from '@scure/base';
import { AuthorityKeys, canonicalJson } from '@taxchain/ledger';
import {
  INVOICE_STATEMENT_MEMBERS,
  type InvoiceQr,
  type InvoiceStatement,
  invoiceQrText,
  signInvoiceQr,
} from '@taxchain/ledger/qr/invoice-qr';
import { alteredMembers, forgedQrTexts } from './support/forged-qr';
import {
  type IssuingAndReimbursement,
  startIssuingAndReimbursement,
} from './support/issuing-and-reimbursement';
import { qrTextOfImage } from './support/pdf-qr';
import { issuedAndPrinted } from './support/printed-document';
import { waitFor } from './support/wait-for';

const PROBLEM = 'urn:taxchain:problem:';
type Member = (typeof INVOICE_STATEMENT_MEMBERS)[number];

/**
 * A buyer scans the QR code of a paper invoice and asks the reimbursement service: the answer is
 * "verified" only for the tax authority's genuine statement whose every fact is the ledger's.
 * Issuing prints the invoice, reimbursement answers; both hold the same authority key.
 */
describe('POST /invoices/verify-qr: the printed QR code, checked against the ledger', () => {
  let platform: IssuingAndReimbursement;
  let issuing: INestApplication;
  let reimbursement: INestApplication;
  let data: DataSource;
  let buyer: string;
  /** The QR code read off a printed invoice, and off the printed credit note of another one. */
  let invoiceQr: InvoiceQr;
  let creditNoteQr: InvoiceQr;
  let buyerTaxId: string;

  const scan = (qr: unknown) =>
    request(reimbursement.getHttpServer())
      .post('/invoices/verify-qr')
      .set('Authorization', `Bearer ${buyer}`)
      .send({ qr });
  /** What the tax authority would print for this statement: signed with its key. */
  const authoritySigned = (statement: InvoiceStatement) =>
    invoiceQrText(signInvoiceQr(statement, issuing.get(AuthorityKeys).current));
  const ledgerEntries = async () =>
    Number((await data.query<Array<{ n: string }>>('SELECT count(*) n FROM ledger.entries'))[0].n);
  /** The answer is this 4xx problem+json, so never "verified". */
  const isProblem = (answer: Response, status: number, type: string) => {
    expect({ status: answer.status, type: answer.body.type as unknown }).toEqual({
      status,
      type: `${PROBLEM}${type}`,
    });
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  };
  /** Scans `qr`: refused with this problem, and the ledger as it was. */
  const refused = async (qr: unknown, status: number, type: string): Promise<Response> => {
    const before = await ledgerEntries();
    const answer = await scan(qr);
    isProblem(answer, status, type);
    expect(await ledgerEntries()).toBe(before);
    return answer;
  };

  /** Issues (or credits `credits`), prints the PDF, and reads its QR code as a phone would. */
  const printedQr = async (credits?: string): Promise<InvoiceQr> => {
    const { pdf } = await issuedAndPrinted(issuing, platform.merchant, buyerTaxId, credits);
    return JSON.parse(qrTextOfImage(pdf)!) as InvoiceQr;
  };

  beforeAll(async () => {
    platform = await startIssuingAndReimbursement();
    ({ issuing, reimbursement, data } = platform);
    buyer = platform.buyer.token;
    buyerTaxId = platform.buyer.taxId;
    invoiceQr = await printedQr();
    const credited = await printedQr();
    creditNoteQr = await printedQr(credited.n);
    // Verified once the feed has delivered both documents to reimbursement.
    for (const qr of [invoiceQr, creditNoteQr])
      await waitFor(async () => (await scan(invoiceQrText(qr))).status !== 503);
  });

  afterAll(async () => {
    await platform?.stop();
  });

  it('verifies the QR code read off a printed invoice, and off a printed credit note', async () => {
    const invoice = await scan(invoiceQrText(invoiceQr)).expect(200);
    expect(invoice.body).toMatchObject({
      invoiceNumber: invoiceQr.n,
      kind: 'invoice',
      state: 'issued',
      issueDate: invoiceQr.d,
      currency: invoiceQr.cur,
      entryHash: invoiceQr.h,
      seller: expect.objectContaining({ taxId: invoiceQr.s }),
      buyer: expect.objectContaining({ taxId: buyerTaxId }),
      // The QR states major units (61.56), the service answers minor units (6156).
      amounts: expect.objectContaining({ gross: invoiceQr.g.replace('.', '') }),
    });
    const creditNote = await scan(invoiceQrText(creditNoteQr)).expect(200);
    expect(creditNote.body).toMatchObject({ invoiceNumber: creditNoteQr.n, kind: 'credit-note' });
  });

  /** Another value of the member's type and rule, which the genuine statement does not have. */
  const changed = (member: Member): unknown =>
    member === 'v' ? 3 : member === 'k' ? 'f'.repeat(32) : alteredMembers(invoiceQr)[member];
  const statementOf = ({ sig: _sig, ...statement }: InvoiceQr): InvoiceStatement => statement;
  const text = (value: unknown) => canonicalJson(value);

  it.each(INVOICE_STATEMENT_MEMBERS)(
    'refuses a QR code whose %s was changed, the signature kept',
    async (member) => {
      const outcome: Record<string, [number, string]> = {
        v: [400, 'qr-unreadable'],
        k: [422, 'qr-unknown-key'],
      };
      await refused(
        text({ ...invoiceQr, [member]: changed(member) }),
        ...(outcome[member] ?? [422, 'qr-bad-signature']),
      );
    },
  );

  // What the authority's signature cannot catch: a statement it signed that the ledger gainsays.
  // `v` cannot be signed otherwise; `u` and `k` are not ledger facts (below).
  it.each(INVOICE_STATEMENT_MEMBERS.filter((m) => !['v', 'u', 'k'].includes(m)))(
    'refuses a QR code signed by the authority whose %s is not the ledger’s, naming it',
    async (member) => {
      const statement = { ...statementOf(invoiceQr), [member]: changed(member) };
      const answer = await refused(authoritySigned(statement), 422, 'qr-mismatch');
      expect(answer.body.member).toBe(member);
    },
  );

  it('verifies paper that names an older public check: u is the authority’s word, not the ledger’s', async () => {
    const moved = { ...statementOf(invoiceQr), u: 'https://old-host.example/reimbursement' };
    expect((await scan(authoritySigned(moved)).expect(200)).body.entryHash).toBe(invoiceQr.h);
  });

  it('refuses a statement signed by any other key, under its own k or the authority’s, and one cut short', async () => {
    const forgeries = forgedQrTexts(invoiceQrText(invoiceQr)).filter(
      (forgery) => !forgery.name.endsWith('altered'),
    );
    expect(forgeries.map((f) => f.fails).sort()).toEqual([
      'qr-bad-signature',
      'qr-malformed',
      'qr-unknown-key',
    ]);
    for (const { text: forgery, fails } of forgeries)
      if (fails === 'qr-malformed') await refused(forgery, 400, 'qr-unreadable');
      else await refused(forgery, 422, fails);
  });

  it.each([0, 1, 31, 63])(
    'refuses the genuine statement with one bit of signature byte %i flipped',
    async (index) => {
      const signature = base64urlnopad.decode(invoiceQr.sig);
      signature[index] ^= 0x01;
      await refused(
        text({ ...invoiceQr, sig: base64urlnopad.encode(signature) }),
        422,
        'qr-bad-signature',
      );
    },
  );

  it('refuses a second spelling of the signature (its unused trailing bits set) as unreadable', async () => {
    const last = invoiceQr.sig.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 0x01];
    await refused(
      text({ ...invoiceQr, sig: invoiceQr.sig.slice(0, -1) + sibling }),
      400,
      'qr-unreadable',
    );
  });

  it('refuses a version 1 code, which nobody signed, telling the buyer to use number and check code', async () => {
    const v1 = JSON.stringify({
      v: 1,
      n: invoiceQr.n,
      c: invoiceQr.c,
      h: invoiceQr.h,
      u: `${invoiceQr.u}/check?number=${invoiceQr.n}`,
      chain: invoiceQr.chain,
      seq: invoiceQr.seq,
    });
    const answer = await refused(v1, 400, 'qr-unsigned');
    expect(answer.body.detail).toMatch(/number and check code/);
  });

  it.each([...INVOICE_STATEMENT_MEMBERS, 'sig' as const])(
    'refuses a QR code whose %s is missing, null or of another JSON type',
    async (member) => {
      const { [member]: value, ...rest } = invoiceQr;
      const otherType = typeof value === 'string' ? 1 : String(value);
      for (const qr of [rest, { ...rest, [member]: null }, { ...rest, [member]: otherType }])
        await refused(text(qr), 400, 'qr-unreadable');
    },
  );

  it('refuses a QR code with a member added, duplicated or reordered, or with white space', async () => {
    const genuine = invoiceQrText(invoiceQr);
    const { v, ...others } = invoiceQr;
    const reordered = JSON.stringify({ v, ...others });
    const texts = [
      text({ ...invoiceQr, x: 1 }),
      genuine.replace('{', `{"b":${JSON.stringify(invoiceQr.b)},`),
      genuine.replace('"v":2}', '"v":2,"v":2}'),
      reordered,
      ` ${genuine}`,
      `${genuine} `,
      genuine.replace(',', ', '),
    ];
    for (const qr of texts) await refused(qr, 400, 'qr-unreadable');
  });

  it('refuses what is not a QR text at all: never a 500, never verified, nothing written', async () => {
    const genuine = invoiceQrText(invoiceQr);
    const unreadable = [
      '',
      'https://example.invalid',
      '{',
      'null',
      '[]',
      '"text"',
      '2',
      genuine.slice(0, -1),
      // The escape of a lone surrogate: JSON, but no text has it, so it has no canonical spelling.
      genuine.replace(`"s":"${invoiceQr.s}"`, `"s":"${invoiceQr.s}\\ud800"`),
    ];
    for (const qr of unreadable) await refused(qr, 400, 'qr-unreadable');
    // The platform's edge refuses control characters, and a text longer than any QR code holds.
    for (const qr of [
      genuine.replace(invoiceQr.s, `${invoiceQr.s}\u0001`),
      '\u0000'.repeat(100),
      genuine.padEnd(2_001, ' '),
      undefined,
      12,
      { qr: genuine },
      [genuine],
    ])
      await refused(qr, 400, 'validation-failed');
    // A control character escaped canonically is a well-formed tax id the authority did not sign.
    await refused(text({ ...invoiceQr, s: `${invoiceQr.s}\u0007` }), 422, 'qr-bad-signature');
  });

  it('refuses a body that is not UTF-8, or larger than the service reads', async () => {
    const genuine = invoiceQrText(invoiceQr).replace(/"/g, '\\"');
    const bytes = (...parts: Array<string | number[]>) =>
      Buffer.concat(parts.map((part) => Buffer.from(part as string)));
    const bodies: Array<[Buffer, number, string]> = [
      [
        bytes('{"qr":"', genuine.slice(0, 20), [0xc3, 0x28, 0xff], genuine.slice(20), '"}'),
        400,
        'invalid-utf8',
      ],
      [bytes(JSON.stringify({ qr: 'x'.repeat(2 ** 20) })), 413, 'payload-too-large'],
    ];
    const before = await ledgerEntries();
    for (const [body, status, type] of bodies) {
      const answer = await request(reimbursement.getHttpServer())
        .post('/invoices/verify-qr')
        .set('Authorization', `Bearer ${buyer}`)
        .set('Content-Type', 'application/json')
        // The bytes as they are: superagent would otherwise send a Buffer as its JSON.
        .serialize(() => body as unknown as string)
        .send(body);
      isProblem(answer, status, type);
    }
    expect(await ledgerEntries()).toBe(before);
  });
});
