import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LedgerAppender, toHex, generateSecretKey } from '@taxchain/ledger';
import { createServiceApp } from '@taxchain/platform';
import {
  GivenAccess,
  createTestDatabase,
  testConfig,
  type TestDatabase,
} from '@taxchain/platform/testing';
import { reimbursementService } from '../apps/reimbursement/src/reimbursement.service-definition';
import { GivenInvoices, type GivenInvoice } from './support/given-invoices';
import { superuserPayloadEdit } from './support/superuser-edit';
import { waitFor } from './support/wait-for';

const PROBLEM = 'urn:taxchain:problem:';

interface InboxItem {
  invoiceNumber: string;
  state: string;
  claimable: boolean;
  claimRefusal: string | null;
  claimId: string | null;
  checkCode: string;
  buyer: { taxId: string };
  seller: { taxId: string };
}
interface InboxPage {
  items: InboxItem[];
  nextCursor: string | null;
  totals: Array<{
    state: string;
    count: number;
    gross: Array<{ currency: string; amount: string }>;
  }>;
}

/** A buyer company lists every document naming it as buyer, and only those. */
describe('reimbursement: the buyer inbox', () => {
  let database: TestDatabase;
  let app: INestApplication;
  let db: DataSource;
  let url: string;
  let access: GivenAccess;
  let teaHouse: GivenInvoices;
  let toolMaker: GivenInvoices;

  const as = (token: string) => ({
    get: (path: string) => request(url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body?: object) =>
      request(url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  const company = async () => {
    const { token, party } = await access.company();
    return { token, taxId: party.taxId };
  };
  const inbox = async (token: string, query = ''): Promise<InboxPage> =>
    (await as(token).get(`/inbox${query}`).expect(200)).body as InboxPage;
  /** Every page of the query, followed by cursor. */
  const allPages = async (token: string, query: string): Promise<InboxItem[]> => {
    const items: InboxItem[] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${cursor}` : '';
      const page = await inbox(token, `${query}${suffix}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };
  const numbers = (items: Array<{ invoiceNumber: string }>) =>
    items.map((i) => i.invoiceNumber).sort();
  const applied = (sql: string, params: unknown[]) =>
    waitFor(async () => (await db.query<unknown[]>(sql, params)).length > 0);
  /** The feed has applied a void to one row and a credit taking back `taken` to the other. */
  const voidAndCreditApplied = async (
    voided: GivenInvoice,
    credited: GivenInvoice,
    taken: string,
  ) => {
    await applied(
      `SELECT 1 FROM reimbursement.invoices WHERE invoice_number = $1 AND status = 'voided'`,
      [voided.invoiceNumber],
    );
    await applied(
      'SELECT 1 FROM reimbursement.invoices WHERE invoice_number = $1 AND credited = $2',
      [credited.invoiceNumber, taken],
    );
  };
  const visible = (...invoices: GivenInvoice[]) =>
    waitFor(async () => {
      const [row] = await db.query<Array<{ n: string }>>(
        'SELECT count(*) n FROM reimbursement.invoices WHERE invoice_number = ANY($1)',
        [invoices.map((i) => i.invoiceNumber)],
      );
      return Number(row.n) === invoices.length;
    });
  const claim = async (token: string, invoice: GivenInvoice): Promise<string> => {
    const body = { invoiceNumber: invoice.invoiceNumber, checkCode: invoice.checkCode };
    return ((await as(token).post('/claims', body).expect(201)).body as { claimId: string })
      .claimId;
  };

  beforeAll(async () => {
    database = await createTestDatabase(reimbursementService.migrations);
    const config = testConfig(database.url, {
      KAFKA_TOPIC_PREFIX: `t${randomUUID().slice(0, 8)}.`,
      AUTHORITY_KEY: toHex(generateSecretKey()),
      LEDGER_CHAINS: '4',
      CHECKPOINT_INTERVAL_MS: '100',
      HTTP_REQUEST_TIMEOUT_MS: '60000',
    });
    app = await createServiceApp(reimbursementService, config);
    await app.listen(0, '127.0.0.1');
    await app.startAllMicroservices();
    url = await app.getUrl();
    db = app.get(DataSource);
    access = GivenAccess.from(app);
    teaHouse = new GivenInvoices(app.get(LedgerAppender));
    toolMaker = new GivenInvoices(app.get(LedgerAppender));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('lists exactly the documents naming the caller, and its state counts match its claims', async () => {
    const buyer = await company();
    const stranger = await company();
    const [fresh, claimed, reimbursed, voided, credited] = await Promise.all(
      Array.from({ length: 5 }, () => teaHouse.issued(buyer.taxId)),
    );
    const strangers = [
      await teaHouse.issued(stranger.taxId),
      await toolMaker.issued(stranger.taxId),
    ];
    await visible(fresh, claimed, reimbursed, voided, credited, ...strangers);

    const claimedId = await claim(buyer.token, claimed);
    const reimbursedId = await claim(buyer.token, reimbursed);
    await as(buyer.token).post(`/claims/${reimbursedId}/complete`).expect(200);
    await teaHouse.voided(voided);
    const note = await teaHouse.credited(credited, '8300'); // 11300 − 3000 taken back
    await voidAndCreditApplied(voided, credited, '3000');

    const page = await inbox(buyer.token);
    expect(numbers(page.items)).toEqual(
      [...numbers([fresh, claimed, reimbursed, voided, credited]), note].sort(),
    );
    expect(page.items.every((item) => item.buyer.taxId === buyer.taxId)).toBe(true);
    const byNumber = new Map(page.items.map((item) => [item.invoiceNumber, item]));
    expect(byNumber.get(fresh.invoiceNumber)).toMatchObject({
      state: 'issued',
      claimable: true,
      claimRefusal: null,
      claimId: null,
      checkCode: fresh.checkCode,
    });
    expect(byNumber.get(claimed.invoiceNumber)).toMatchObject({
      state: 'claimed',
      claimable: false,
      claimRefusal: 'already-claimed',
      claimId: claimedId,
    });
    expect(byNumber.get(reimbursed.invoiceNumber)).toMatchObject({
      state: 'reimbursed',
      claimable: false,
      claimRefusal: 'already-reimbursed',
      claimId: reimbursedId,
    });
    expect(byNumber.get(voided.invoiceNumber)).toMatchObject({
      state: 'voided',
      claimable: false,
      claimRefusal: 'invoice-voided',
    });
    // Part of it remains, so a claim would still take it.
    expect(byNumber.get(credited.invoiceNumber)).toMatchObject({
      state: 'partly-credited',
      claimable: true,
      creditedBy: [note],
    });
    // The credit note is a document of its own: issued, negative, never claimable.
    expect(byNumber.get(note)).toMatchObject({
      kind: 'credit-note',
      reverses: credited.invoiceNumber,
      state: 'issued',
      claimable: false,
      claimRefusal: 'not-claimable',
      amounts: { gross: '-3000', remaining: '0' },
    });

    // One of each, as the claims list says; gross 11300 each (fen).
    const { items: claims } = (await as(buyer.token).get('/claims').expect(200)).body as {
      items: Array<{ state: string }>;
    };
    const counts = Object.fromEntries(page.totals.map((t) => [t.state, t.count]));
    expect(counts).toEqual({
      issued: 2,
      claimed: claims.filter((c) => c.state === 'active').length,
      reimbursed: claims.filter((c) => c.state === 'completed').length,
      voided: 1,
      'partly-credited': 1,
      'fully-credited': 0,
    });
    expect(counts.claimed).toBe(1);
    expect(counts.reimbursed).toBe(1);
    // The fresh invoice and the credit note: 11300 − 3000.
    expect(page.totals.find((t) => t.state === 'issued')?.gross).toEqual([
      { currency: 'CNY', amount: '8300' },
    ]);
    expect(page.totals.find((t) => t.state === 'fully-credited')?.gross).toEqual([]);

    // Each state filter returns the documents in that state, and the totals stay whole.
    for (const [state, documents] of [
      ['issued', [fresh.invoiceNumber, note]],
      ['claimed', [claimed.invoiceNumber]],
      ['reimbursed', [reimbursed.invoiceNumber]],
      ['voided', [voided.invoiceNumber]],
      ['partly-credited', [credited.invoiceNumber]],
    ] as const) {
      const filtered = await inbox(buyer.token, `?state=${state}`);
      expect(numbers(filtered.items)).toEqual([...documents].sort());
      expect(filtered.totals).toEqual(page.totals);
    }

    const theirs = await inbox(stranger.token);
    expect(numbers(theirs.items)).toEqual(numbers(strangers));
    expect(theirs.items.some((item) => byNumber.has(item.invoiceNumber))).toBe(false);
  });

  it("says claimable as POST /claims decides, on the ledger's hash-checked entries, whatever a superuser made the rows say", async () => {
    const buyer = await company();
    const [rowVoided, rowUnvoided, rowCredited, codeEdited, creditTampered, issuedTampered] =
      await Promise.all(Array.from({ length: 6 }, () => teaHouse.issued(buyer.taxId)));
    const all = [rowVoided, rowUnvoided, rowCredited, codeEdited, creditTampered, issuedTampered];
    await visible(...all);
    await teaHouse.voided(rowUnvoided);
    await teaHouse.credited(creditTampered, '8300'); // 11300 − 3000 taken back
    await voidAndCreditApplied(rowUnvoided, creditTampered, '3000');
    // The superuser rewrites read model rows...
    const row = (set: string, invoice: GivenInvoice, ...params: string[]) =>
      db.query(`UPDATE reimbursement.invoices SET ${set} WHERE invoice_number = $1`, [
        invoice.invoiceNumber,
        ...params,
      ]);
    await row(`status = 'voided', voided_at = now()`, rowVoided);
    await row(`status = 'issued', voided_at = NULL`, rowUnvoided);
    await row('credited = gross', rowCredited);
    const editedCode =
      codeEdited.checkCode.slice(0, -1) + (codeEdited.checkCode.endsWith('0') ? '1' : '0');
    await row('check_code = $2', codeEdited, editedCode);
    // ...and, triggers off and hashes left as they were, a credit's and an issue's payloads.
    const entry = (kind: string, invoice: GivenInvoice, from: string, to: string) =>
      superuserPayloadEdit(db, invoice.invoiceNumber, kind, from, to);
    const remaining = (gross: string) => `"remainingGross":"${gross}"`;
    expect(
      await entry('invoice.credited', creditTampered, remaining('8300'), remaining('11300')),
    ).toBe(1);
    expect(await entry('invoice.issued', issuedTampered, '"gross":"11300"', '"gross":"1130"')).toBe(
      1,
    );

    // What POST /claims will answer each, as the inbox must say it beforehand.
    const expected = new Map<GivenInvoice, string | null>([
      [rowVoided, null], // a void only the row states is none
      [rowUnvoided, 'invoice-voided'],
      [rowCredited, null], // so is a credit
      [codeEdited, null], // claimable with the code the merchant signed, which the inbox shows
      [creditTampered, 'ledger-entry-tampered'],
      [issuedTampered, 'ledger-entry-tampered'],
    ]);
    const items = new Map((await inbox(buyer.token)).items.map((i) => [i.invoiceNumber, i]));
    const csv = (await as(buyer.token).get('/inbox.csv').expect(200)).text.trim().split('\r\n');
    // claimable is the 4th column and claimRefusal the last; no field before or after has a comma.
    const csvRows = new Map(
      csv.slice(1).map((line) => {
        const fields = line.split(',');
        return [fields[0], [fields[3], fields[fields.length - 1]]];
      }),
    );
    expect(csv[0]).toMatch(/,claimRefusal$/);
    for (const [invoice, refusal] of expected) {
      const item = items.get(invoice.invoiceNumber);
      const n = invoice.invoiceNumber;
      expect([n, item?.claimable, item?.claimRefusal]).toEqual([n, refusal === null, refusal]);
      expect([n, ...(csvRows.get(n) ?? [])]).toEqual([n, String(refusal === null), refusal ?? '']);
    }
    expect(items.get(codeEdited.invoiceNumber)?.checkCode).toBe(codeEdited.checkCode);
    // And POST /claims, with the code the inbox shows, answers just that.
    for (const [invoice, refusal] of expected) {
      const checkCode = items.get(invoice.invoiceNumber)?.checkCode;
      const answer = await as(buyer.token).post('/claims', {
        invoiceNumber: invoice.invoiceNumber,
        checkCode,
      });
      expect([invoice.invoiceNumber, answer.status === 201 ? null : answer.body.type]).toEqual([
        invoice.invoiceNumber,
        refusal === null ? null : `${PROBLEM}${refusal}`,
      ]);
    }
  });

  it('filters by seller, issue date and gross', async () => {
    const buyer = await company();
    const november = await teaHouse.issued(buyer.taxId, { issueDate: '2026-11-23' });
    const december = await teaHouse.issued(buyer.taxId, { issueDate: '2026-12-01' });
    const tools = await toolMaker.issued(buyer.taxId, { issueDate: '2026-11-30' });
    await visible(november, december, tools);

    const bySeller = await inbox(buyer.token, `?seller=${toolMaker.sellerTaxId}`);
    expect(numbers(bySeller.items)).toEqual([tools.invoiceNumber]);
    expect(bySeller.totals.find((t) => t.state === 'issued')?.count).toBe(1);
    const inNovember = await inbox(buyer.token, '?issuedFrom=2026-11-23&issuedTo=2026-11-30');
    expect(numbers(inNovember.items)).toEqual(numbers([november, tools]));
    const fromDecember = await inbox(buyer.token, '?issuedFrom=2026-12-01');
    expect(numbers(fromDecember.items)).toEqual([december.invoiceNumber]);
    // Every document is 11300 gross: the bounds are inclusive.
    expect((await inbox(buyer.token, '?minGross=11300&maxGross=11300')).items).toHaveLength(3);
    expect((await inbox(buyer.token, '?minGross=11301')).items).toEqual([]);
    expect((await inbox(buyer.token, '?maxGross=11299')).items).toEqual([]);
  });

  it('pages with a cursor that neither skips nor repeats while documents keep arriving', async () => {
    const buyer = await company();
    const first = await Promise.all(Array.from({ length: 5 }, () => teaHouse.issued(buyer.taxId)));
    await visible(...first);

    const seen: InboxItem[] = [];
    let page = await inbox(buyer.token, '?limit=2');
    seen.push(...page.items);
    const later = await Promise.all(Array.from({ length: 3 }, () => teaHouse.issued(buyer.taxId)));
    await visible(...later);
    while (page.nextCursor) {
      page = await inbox(buyer.token, `?limit=2&cursor=${page.nextCursor}`);
      seen.push(...page.items);
    }
    // Documents recorded after the first page land after its cursor: all eight, each once.
    expect(seen.map((i) => i.invoiceNumber).sort()).toEqual(numbers([...first, ...later]));
    expect(new Set(seen.map((i) => i.invoiceNumber)).size).toBe(seen.length);

    const tampered = await as(buyer.token).get('/inbox?cursor=bm90LWEtY3Vyc29y').expect(400);
    expect(tampered.body.type).toBe(`${PROBLEM}invalid-cursor`);
    // The cursor is a position in this company's inbox as filtered: not in its claims, not with
    // another filter, not in another company's inbox.
    const cursor = (await inbox(buyer.token, '?limit=2')).nextCursor;
    const other = await company();
    for (const [token, path] of [
      [buyer.token, `/claims?cursor=${cursor}`],
      [buyer.token, `/inbox?state=claimed&cursor=${cursor}`],
      [other.token, `/inbox?cursor=${cursor}`],
    ])
      expect((await as(token).get(path).expect(400)).body.type).toBe(`${PROBLEM}invalid-cursor`);
  });

  it('exports the same filter as CSV, never another company’s rows', async () => {
    const buyer = await company();
    const stranger = await company();
    const mine = [await teaHouse.issued(buyer.taxId), await toolMaker.issued(buyer.taxId)];
    const theirs = await teaHouse.issued(stranger.taxId);
    await visible(...mine, theirs);
    await claim(buyer.token, mine[0]);

    const csv = await as(buyer.token).get('/inbox.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header).toMatch(/^invoiceNumber,kind,state,claimable,sellerTaxId,/);
    expect(rows.map((row) => row.split(',')[0]).sort()).toEqual(numbers(mine));
    expect(csv.text).not.toContain(theirs.invoiceNumber);
    expect(await allPages(buyer.token, '?limit=1')).toHaveLength(2);

    const claimedOnly = await as(buyer.token).get('/inbox.csv?state=claimed').expect(200);
    const claimedRows = claimedOnly.text.trim().split('\r\n').slice(1);
    expect(claimedRows).toHaveLength(1);
    expect(claimedRows[0]).toMatch(new RegExp(`^${mine[0].invoiceNumber},invoice,claimed,false,`));
  });

  it('runs the documented query examples, and the CSV example has the real header', async () => {
    const buyer = await company();
    const { body } = await request(url).get('/docs-json').expect(200);
    await expect(SwaggerParser.validate(structuredClone(body))).resolves.toBeDefined();
    type Parameter = {
      name: string;
      in: string;
      example?: string | number;
      schema?: { example?: string | number };
    };
    const operation = (path: string) =>
      body.paths[path].get as {
        parameters: Parameter[];
        responses: Record<string, { content: Record<string, { example?: string }> }>;
      };
    for (const path of ['/inbox', '/inbox.csv']) {
      const query = new URLSearchParams();
      for (const p of operation(path).parameters) {
        const example = p.example ?? p.schema?.example;
        if (p.in === 'query' && example !== undefined && p.name !== 'cursor')
          query.set(p.name, String(example));
      }
      expect([...query.keys()]).toEqual(
        expect.arrayContaining(['seller', 'issuedFrom', 'minGross']),
      );
      await as(buyer.token).get(`${path}?${query.toString()}`).expect(200);
      expect(Object.keys(operation(path).responses)).toEqual(
        expect.arrayContaining(['200', '400', '401', '403']),
      );
    }
    const example = operation('/inbox.csv').responses['200'].content['text/csv'].example ?? '';
    const csv = await as(buyer.token).get('/inbox.csv').expect(200);
    expect(example.split('\r\n')[0]).toBe(csv.text.split('\r\n')[0]);
  });

  it('refuses a bad filter 400 problem+json, in the list and the export alike', async () => {
    const buyer = await company();
    for (const path of [
      '/inbox?issuedFrom=2026-02-30',
      '/inbox?issuedTo=2026-11',
      '/inbox?minGross=1.5',
      '/inbox?state=credited-ish',
      '/inbox?limit=201',
      '/inbox.csv?maxGross=-1',
      '/inbox.csv?issuedFrom=yesterday',
    ]) {
      const refused = await as(buyer.token).get(path);
      expect({ path, status: refused.status }).toEqual({ path, status: 400 });
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.type).toBe(`${PROBLEM}validation-failed`);
    }
  });
});
