import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { InvoiceDocument } from '@taxchain/contracts';
import { generateSecretKey, toHex } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { issuingService } from '../apps/issuing/src/issuing.service-definition';
import { reimbursementService } from '../apps/reimbursement/src/reimbursement.service-definition';
import { auditService } from '../apps/audit/src/audit.service-definition';
import { allMigrationSets } from '../scripts/infra/migration-sets';
import { MerchantSigner } from '../scripts/load/merchant-signer';
import { changedTables, rowCounter, type RowCounts } from './security/support/row-counts';
import { pollUntil } from './faults/support/poll-until';

type Service = 'issuing' | 'reimbursement' | 'audit';
type Send = (test: request.Test) => request.Test;

interface Refusal {
  status: number;
  type: string;
  /** Text the problem's detail must contain: the field or the accepted media type. */
  names: string;
}

const controlCharacters = (field: string): Refusal => ({
  status: 400,
  type: 'validation-failed',
  names: `${field} must not contain control characters`,
});
const notAnObject = (field: string): Refusal => ({
  status: 400,
  type: 'validation-failed',
  names: `${field} must be an object`,
});
/** Worded as the validator words every unknown member: `invoice.seller.property x should not exist`. */
const unknownKey = (key: string, parent = ''): Refusal => ({
  status: 400,
  type: 'validation-failed',
  names: `${parent ? `${parent}.` : ''}property ${key} should not exist`,
});
const unsupportedMediaType: Refusal = {
  status: 415,
  type: 'unsupported-media-type',
  names: 'send application/json',
};

/**
 * Input no client should send, to every service: bodies missing an object or with the wrong
 * kind of value where one belongs, control characters (U+0000 first) in stored text, path and
 * query parameters, `__proto__`/`constructor` keys, and bodies of other media types. Each is
 * refused with the right status and a problem+json naming the field, and writes nothing.
 * Signed documents are signed correctly, so nothing but the hostile part is wrong with them.
 */
describe('hostile input', () => {
  let database: TestDatabase;
  const apps = {} as Record<Service, INestApplication>;
  let countRows: () => Promise<RowCounts>;
  const tokens = {} as Record<'admin' | 'merchant' | 'company' | 'official', string>;
  let signer: MerchantSigner;
  let buyerTaxId: string;
  let invoice: { invoiceNumber: string; checkCode: string };

  beforeAll(async () => {
    database = await createTestDatabase(allMigrationSets);
    const config = testConfig(database.url, { AUTHORITY_KEY: toHex(generateSecretKey()) });
    apps.issuing = await createServiceApp(issuingService, config);
    apps.reimbursement = await createServiceApp(reimbursementService, config);
    apps.audit = await createServiceApp(auditService, config);
    for (const app of Object.values(apps)) {
      await app.init();
      await app.startAllMicroservices();
    }
    const data = apps.issuing.get(DataSource);
    countRows = await rowCounter(data);
    const given = GivenAccess.from(apps.issuing);
    const merchant = await given.merchant();
    const company = await given.company();
    tokens.merchant = merchant.token;
    tokens.company = company.token;
    tokens.admin = (await given.admin()).token;
    tokens.official = (await given.official()).token;
    buyerTaxId = company.party.taxId;
    signer = new MerchantSigner(merchant.party);
    await call('issuing', 'merchant', 'post', '/keys').send(signer.registration()).expect(201);
    const issued = await call('issuing', 'merchant', 'post', '/invoices')
      .send(signer.signed(signer.invoice(buyerTaxId)))
      .expect(201);
    invoice = issued.body as typeof invoice;
    // A claim reaches the insert only once the feed has delivered the invoice; the audit's
    // read model is let settle too, so that the row counts below move only by requests.
    for (const table of ['reimbursement.invoices', 'audit.invoices'])
      await pollUntil(
        async () =>
          (
            await data.query<unknown[]>(`SELECT 1 FROM ${table} WHERE invoice_number = $1`, [
              invoice.invoiceNumber,
            ])
          ).length === 1,
        30_000,
        `the invoice delivered to ${table}`,
      );
  });

  afterAll(async () => {
    for (const app of Object.values(apps).reverse()) await app?.close();
    await database?.drop();
  });

  function call(
    service: Service,
    role: keyof typeof tokens,
    method: 'get' | 'post',
    path: string,
  ): request.Test {
    return request(apps[service].getHttpServer())
      [method](path)
      .set('Authorization', `Bearer ${tokens[role]}`);
  }

  /** A fresh invoice document, changed by `change`, signed as changed. */
  function signedInvoice(change: (document: Record<string, unknown>) => void) {
    const document = signer.invoice(buyerTaxId) as unknown as Record<string, unknown>;
    change(document);
    return { invoice: document, signature: signer.sign(document) };
  }

  /** A fresh credit note for the issued invoice, changed by `change`, signed as changed. */
  function signedCreditNote(change: (document: Record<string, unknown>) => void) {
    return signedInvoice((document) => {
      Object.assign(document, {
        kind: 'credit-note',
        creditedInvoiceNumber: invoice.invoiceNumber,
      } satisfies Partial<InvoiceDocument>);
      change(document);
    });
  }

  /** A void of the issued invoice, changed by `change`, signed as changed. */
  function signedVoid(change: (document: Record<string, unknown>) => void) {
    const { document } = signer.void(invoice.invoiceNumber) as unknown as {
      document: Record<string, unknown>;
    };
    change(document);
    return { document, signature: signer.sign(document) };
  }

  async function expectRefused(send: () => request.Test, refusal: Refusal): Promise<void> {
    const before = await countRows();
    const response = await send();
    expect({ status: response.status, body: response.body as unknown }).toEqual({
      status: refusal.status,
      body: expect.objectContaining({
        type: `urn:taxchain:problem:${refusal.type}`,
        status: refusal.status,
        detail: expect.stringContaining(refusal.names),
      }),
    });
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(changedTables(before, await countRows())).toEqual([]);
  }

  describe('a missing object, or another kind of value where an object belongs', () => {
    const issue = (body: unknown) => () =>
      call('issuing', 'merchant', 'post', '/invoices').send(body as object);

    it.each([
      ['absent', undefined],
      ['null', null],
      ['an array', []],
      ['a number', 1],
      ['a string', 'invoice'],
    ])('refuses an issue whose invoice is %s', async (_case, value) => {
      await expectRefused(
        issue({ invoice: value, signature: 'ab'.repeat(64) }),
        notAnObject('invoice'),
      );
    });

    it.each([['seller'], ['buyer'], ['totals']])(
      'refuses a signed invoice without its %s, or with an array there',
      async (member) => {
        await expectRefused(
          issue(signedInvoice((document) => delete document[member])),
          notAnObject(`invoice.${member}`),
        );
        await expectRefused(
          issue(signedInvoice((document) => (document[member] = []))),
          notAnObject(`invoice.${member}`),
        );
      },
    );

    it('refuses lines that are not objects', async () => {
      await expectRefused(issue(signedInvoice((document) => (document.lines = [[]]))), {
        status: 400,
        type: 'validation-failed',
        names: 'each value in lines must be an object',
      });
      await expectRefused(issue(signedInvoice((document) => (document.lines = 'many'))), {
        status: 400,
        type: 'validation-failed',
        names: 'invoice.lines must be an array',
      });
    });

    it('refuses a void without its document, or with an array there', async () => {
      const path = `/invoices/${invoice.invoiceNumber}/void`;
      for (const document of [undefined, [], 'void'])
        await expectRefused(
          () =>
            call('issuing', 'merchant', 'post', path).send({
              document,
              signature: 'ab'.repeat(64),
            }),
          notAnObject('document'),
        );
    });

    it('refuses a credit note without its invoice, buyer or totals', async () => {
      const path = `/invoices/${invoice.invoiceNumber}/credit-notes`;
      await expectRefused(
        () => call('issuing', 'merchant', 'post', path).send({ signature: 'ab'.repeat(64) }),
        notAnObject('invoice'),
      );
      for (const member of ['buyer', 'totals'])
        await expectRefused(
          () =>
            call('issuing', 'merchant', 'post', path).send(
              signedCreditNote((document) => delete document[member]),
            ),
          notAnObject(`invoice.${member}`),
        );
    });

    it('refuses a batch verification whose items are not objects', async () => {
      await expectRefused(
        () =>
          call('reimbursement', 'company', 'post', '/invoices/verify-batch').send({
            invoices: [[]],
          }),
        notAnObject('invoices'),
      );
    });
  });

  describe('control characters in text, path and query', () => {
    it.each([
      ['U+0000', '\u0000'],
      ['a tab', '\t'],
      ['U+001B', '\u001b'],
      ['U+0085', '\u0085'],
    ])('refuses %s in every stored text of a signed invoice', async (_case, character) => {
      const send = (change: (document: Record<string, unknown>) => void) => () =>
        call('issuing', 'merchant', 'post', '/invoices').send(signedInvoice(change));
      await expectRefused(
        send((document) => ((document.seller as { name: string }).name += character)),
        controlCharacters('invoice.seller.name'),
      );
      await expectRefused(
        send((document) => ((document.buyer as { name: string }).name = `A${character}B`)),
        controlCharacters('invoice.buyer.name'),
      );
      await expectRefused(
        send((document) => {
          (document.lines as Array<{ description: string }>)[1].description = character;
        }),
        controlCharacters('invoice.lines.1.description'),
      );
    });

    it('refuses U+0000 in a credit note line, a void reason and a key revocation reason', async () => {
      await expectRefused(
        () =>
          call(
            'issuing',
            'merchant',
            'post',
            `/invoices/${invoice.invoiceNumber}/credit-notes`,
          ).send(
            signedCreditNote((document) => {
              (document.lines as Array<{ description: string }>)[0].description = 'tea\u0000';
            }),
          ),
        controlCharacters('invoice.lines.0.description'),
      );
      await expectRefused(
        () =>
          call('issuing', 'merchant', 'post', `/invoices/${invoice.invoiceNumber}/void`).send(
            signedVoid((document) => (document.reason = 'wrong\u0000buyer')),
          ),
        controlCharacters('document.reason'),
      );
      await expectRefused(
        () =>
          call('issuing', 'merchant', 'post', `/keys/${signer.keyId}/revoke`).send({
            reason: 'lost\u0000',
          }),
        controlCharacters('reason'),
      );
    });

    it("refuses U+0000 in a party's name, a credential's label and a claim's expense reference", async () => {
      await expectRefused(
        () =>
          call('issuing', 'admin', 'post', '/admin/parties').send({
            taxId: '91350100M000100Y43',
            name: 'Tea\u0000House',
            roles: ['merchant'],
          }),
        controlCharacters('name'),
      );
      await expectRefused(
        () =>
          call('issuing', 'admin', 'post', '/admin/credentials').send({
            role: 'official',
            label: 'desk\u0000',
          }),
        controlCharacters('label'),
      );
      await expectRefused(
        () =>
          call('reimbursement', 'company', 'post', '/claims').send({
            ...invoice,
            expenseReference: 'EXP\u0000',
          }),
        controlCharacters('expenseReference'),
      );
    });

    it.each<[Service, keyof typeof tokens, 'get' | 'post', string, string]>([
      ['issuing', 'admin', 'post', '/admin/credentials/%00/revoke', 'id'],
      ['issuing', 'admin', 'post', '/admin/credentials/%00/rotate', 'id'],
      ['issuing', 'merchant', 'get', '/invoices?buyer=%00', 'buyer'],
      ['issuing', 'merchant', 'get', '/invoices/%00', 'number'],
      ['reimbursement', 'company', 'get', '/claims?state=%01', 'state'],
      ['audit', 'official', 'get', '/invoices?seller=%00', 'seller'],
      ['audit', 'official', 'get', '/invoices?name=%00', 'name'],
      ['audit', 'official', 'get', '/invoices/%00/trail', 'number'],
      ['audit', 'official', 'get', '/exports/invoices.csv?name=%00', 'name'],
    ])('%s %s %s %s: refused, naming %s', async (service, role, method, path, field) => {
      await expectRefused(() => call(service, role, method, path), controlCharacters(field));
    });
  });

  describe('__proto__ and constructor keys', () => {
    it.each([['__proto__'], ['constructor']])(
      'refuses %s like any unknown key, at the top and deep inside',
      async (key) => {
        const top = JSON.parse(
          `{"taxId":"91350100M000100Y43","name":"Tea","roles":["merchant"],"${key}":{"admin":true}}`,
        ) as object;
        await expectRefused(
          () => call('issuing', 'admin', 'post', '/admin/parties').send(top),
          unknownKey(key),
        );
        const deep = signedInvoice((document) => {
          const seller = document.seller as Record<string, unknown>;
          Object.defineProperty(seller, key, { value: { polluted: true }, enumerable: true });
        });
        await expectRefused(
          () => call('issuing', 'merchant', 'post', '/invoices').send(deep),
          unknownKey(key, 'invoice.seller'),
        );
      },
    );
  });

  describe('bodies of another media type', () => {
    const party = JSON.stringify({ taxId: '91350100M000100Y43', name: 'Tea', roles: ['merchant'] });
    it.each<[string, Send]>([
      ['text/plain', (t) => t.set('Content-Type', 'text/plain').send(party)],
      ['form data', (t) => t.type('form').send({ taxId: '91350100M000100Y43', name: 'Tea' })],
      ['multipart', (t) => t.field('taxId', '91350100M000100Y43')],
      ['XML', (t) => t.set('Content-Type', 'application/xml').send('<party name="Tea"/>')],
      ['no content type', (t) => t.set('Content-Type', '').send(Buffer.from(party))],
    ])('refuses %s with 415 naming application/json', async (_case, send) => {
      await expectRefused(
        () => send(call('issuing', 'admin', 'post', '/admin/parties')),
        unsupportedMediaType,
      );
    });

    it('refuses a signed invoice sent as text/plain with 415, not as a bad signature', async () => {
      const body = JSON.stringify(signer.signed(signer.invoice(buyerTaxId)));
      await expectRefused(
        () =>
          call('issuing', 'merchant', 'post', '/invoices')
            .set('Content-Type', 'text/plain')
            .send(body),
        unsupportedMediaType,
      );
    });

    it('refuses other media types on the reimbursement and audit services too', async () => {
      await expectRefused(
        () =>
          call('reimbursement', 'company', 'post', '/claims')
            .set('Content-Type', 'text/plain')
            .send(JSON.stringify(invoice)),
        unsupportedMediaType,
      );
      await expectRefused(
        () =>
          call('audit', 'official', 'post', '/verifications')
            .set('Content-Type', 'application/xml')
            .send('<run/>'),
        unsupportedMediaType,
      );
    });

    it('still takes a POST with no body at all, whatever its content type', async () => {
      const response = await call('audit', 'official', 'post', '/verifications').set(
        'Content-Type',
        'text/plain',
      );
      expect(response.status).toBe(202);
    });
  });
});
