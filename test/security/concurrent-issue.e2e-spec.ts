import { issuingService } from '../../apps/issuing/src/issuing.service-definition';
import { recordReliability } from '../support/reliability-report';
import { givenIssuingParties, issuedCopies, type IssuingParties } from './support/issuing-client';
import { startSecurityPlatform, type SecurityPlatform } from './support/security-platform';

const CONNECTIONS = 50;

/** Status → how many answers had it, e.g. `201×1 200×49`. */
function statusTally(statuses: number[]): string {
  const counts = new Map<number, number>();
  for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
  return [...counts.entries()].map(([status, n]) => `${status}×${n}`).join(' ');
}

/**
 * Item 6: 50 connections submit one seller's document number at the same moment. Exactly one
 * invoice row and one invoice.issued entry result; identical submissions all get that invoice's
 * receipt (201 once, 200 for the rest), differing ones 409 document-number-conflict.
 */
describe('concurrent issue of one document number', () => {
  let platform: SecurityPlatform;
  let merchant: IssuingParties;
  const figures: string[] = [];

  beforeAll(async () => {
    // The race, not this shared machine's speed, is under test: no 503 for a slow answer.
    platform = await startSecurityPlatform({ HTTP_REQUEST_TIMEOUT_MS: '60000' }, [issuingService]);
    merchant = await givenIssuingParties(platform);
  });

  afterAll(async () => {
    await platform?.close();
    recordReliability(
      'concurrent-issue',
      [
        `${CONNECTIONS} concurrent submissions of one seller + document number, against the issuing service on PostgreSQL:`,
        '',
        '| submissions | answers | invoices | invoice.issued entries |',
        '| --- | --- | --- | --- |',
        ...figures,
      ].join('\n'),
    );
  });

  it(`issues one invoice for ${CONNECTIONS} identical submissions; all get its receipt`, async () => {
    const document = merchant.signer.invoice(merchant.buyerTaxId);
    const body = merchant.signer.signed(document);
    const answers = await Promise.all(
      Array.from({ length: CONNECTIONS }, () => merchant.post('/invoices', body)),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(CONNECTIONS - 1).fill(200), 201]);
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    const copies = await issuedCopies(platform.db, merchant.signer.taxId, document.documentNumber);
    expect(copies).toEqual({ invoices: 1, entries: 1 });
    figures.push(
      `| identical | ${statusTally(statuses)} (one receipt) | ${copies.invoices} | ${copies.entries} |`,
    );
  });

  it(`issues one invoice for ${CONNECTIONS} different documents under one number; the rest get 409`, async () => {
    const documentNumber = `RACE-${Date.now()}`;
    const bodies = Array.from({ length: CONNECTIONS }, (_, i) =>
      merchant.signer.signed(
        merchant.signer.invoice(merchant.buyerTaxId, {
          documentNumber,
          buyer: { taxId: merchant.buyerTaxId, name: `Buyer desk ${i}` },
        }),
      ),
    );
    const answers = await Promise.all(bodies.map((body) => merchant.post('/invoices', body)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(answers.filter((a) => a.status >= 500).map((a) => a.text)).toEqual([]);
    expect(statuses).toEqual([201, ...Array(CONNECTIONS - 1).fill(409)]);
    const winner = answers.find((answer) => answer.status === 201)?.json?.invoiceNumber;
    for (const answer of answers.filter((a) => a.status === 409))
      expect(answer.json).toMatchObject({
        type: 'urn:taxchain:problem:document-number-conflict',
        invoiceNumber: winner,
      });
    const copies = await issuedCopies(platform.db, merchant.signer.taxId, documentNumber);
    expect(copies).toEqual({ invoices: 1, entries: 1 });
    figures.push(
      `| different content | ${statusTally(statuses)} | ${copies.invoices} | ${copies.entries} |`,
    );
  });
});
