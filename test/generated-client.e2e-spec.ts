import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { generateTaxId } from '@taxchain/contracts';
import { startSecurityPlatform, type SecurityPlatform } from './security/support/security-platform';
import { servedDocuments } from './support/served-documents';
import { DocumentedResponses } from './generated-client/documented-responses';
import { typesFileOf, typesFor, type ServiceName } from './generated-client/openapi-types';
import { auditClient, issuingClient, reimbursementClient } from './generated-client/typed-clients';
import { MerchantKey } from './generated-client/merchant-key';
import { Admin, Company, Merchant, Official, eventually } from './generated-client/tax-flows';

const SERVICES: ServiceName[] = ['issuing', 'reimbursement', 'audit'];
const CLIENT_DIR = join(__dirname, 'generated-client');

/** Type errors of the client code (and the generated types it uses), as tsc reports them. */
function typeErrors(): string[] {
  const configFile = ts.findConfigFile(__dirname, ts.sys.fileExists, 'tsconfig.json') as string;
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile) as { config: object };
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, join(configFile, '..'));
  const files = readdirSync(CLIENT_DIR)
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(CLIENT_DIR, file));
  const program = ts.createProgram(files, { ...options, noEmit: true });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/**
 * Issue 14 item 7: a client generated from each service's OpenAPI document with a mainstream
 * generator (openapi-typescript, openapi-fetch) drives the main flows of all three services, and
 * nothing else talks to them. Its types are generated from the documents the running services
 * serve (a drift from the committed types fails), the client code must type-check against them
 * (a request shape the server refuses would not compile), and every answer must match the
 * response the document describes for its status (ajv; undocumented members are refused).
 */
describe('the client code', () => {
  // Before any platform starts: the compile holds the event loop for seconds, and the services'
  // Kafka consumers, in this process, missed their heartbeats and left their groups meanwhile.
  it('type-checks against the generated types', () => {
    expect(typeErrors()).toEqual([]);
  }, 120_000);
});

describe('a client generated from the OpenAPI documents', () => {
  let platform: SecurityPlatform;
  let documents: Record<ServiceName, object>;

  beforeAll(async () => {
    platform = await startSecurityPlatform();
    documents = await servedDocuments<object>(platform.urls);
  });

  afterAll(async () => {
    await platform?.close();
  });

  it.each(SERVICES)('is generated from what the %s service documents', (service) => {
    const file = typesFileOf(service);
    const generated = typesFor(documents[service], file);
    if (process.env.TAXCHAIN_WRITE_OPENAPI_TYPES === '1') writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });

  it("drives issue, verify, claim, complete, void, credit and the officials' search", async () => {
    const { urls, given } = platform;
    const check = Object.fromEntries(
      SERVICES.map((service) => [
        service,
        new DocumentedResponses(service, documents[service] as never).middleware(),
      ]),
    ) as Record<ServiceName, ReturnType<DocumentedResponses['middleware']>>;
    // The one credential a deployment starts from (the admin CLI prints it); the rest is HTTP.
    const admin = new Admin(
      issuingClient(urls.issuing, (await given.admin()).token, check.issuing),
    );
    const seller = { taxId: generateTaxId('350100'), name: 'Fuzhou Harbour Tea Trading Co., Ltd.' };
    const buyer = { taxId: generateTaxId('310115'), name: 'Pudong Tools Co., Ltd.' };
    const registered = await admin.registerParty(seller.taxId, seller.name, ['merchant']);
    expect(registered).toMatchObject({ ...seller, roles: ['merchant'] });
    await admin.registerParty(buyer.taxId, buyer.name, ['company']);
    const merchantToken = await admin.credential('merchant', seller.taxId);
    const companyToken = await admin.credential('company', buyer.taxId);
    const officialToken = await admin.credential('official');

    const merchant = new Merchant(
      issuingClient(urls.issuing, merchantToken, check.issuing),
      seller,
      await MerchantKey.generate(),
    );
    const company = new Company(
      reimbursementClient(urls.reimbursement, companyToken, check.reimbursement),
    );
    const official = new Official(auditClient(urls.audit, officialToken, check.audit));
    expect((await merchant.registerKey()).revokedAt).toBeNull();

    // 2 × 50.00 yuan: net 10000 fen, tax 1300, gross 11300.
    const first = await merchant.issue(merchant.document(buyer, 'GC-1', 2, 50));
    expect(first.status).toBe('issued');
    const verified = await company.verify(first.invoiceNumber, first.checkCode);
    expect(verified).toMatchObject({ state: 'issued', merchantSignature: 'valid', seller, buyer });
    expect(verified.amounts).toMatchObject({ net: '10000', tax: '1300', gross: '11300' });
    const claim = await company.claim(first.invoiceNumber, first.checkCode, 'TRIP-7');
    expect(claim).toMatchObject({ state: 'active', amount: '11300' });
    expect((await company.complete(claim.claimId)).state).toBe('completed');

    const second = await merchant.issue(merchant.document(buyer, 'GC-2', 1, 20));
    const voided = await merchant.void(second.invoiceNumber, 'issued to the wrong buyer');
    expect(voided.status).toBe('voided');

    // Takes back 1 of 4 tins: net 2500, tax 325, gross 2825 of 11300.
    const third = await merchant.issue(merchant.document(buyer, 'GC-3', 4, 25));
    const note = await merchant.credit(
      third.invoiceNumber,
      merchant.document(buyer, 'GC-3-CN', 1, 25),
    );
    expect(note.invoiceNumber).not.toBe(third.invoiceNumber);
    const credited = await eventually(
      () => company.verify(third.invoiceNumber, third.checkCode),
      (invoice) => invoice.amounts.credited !== '0',
    );
    expect(credited.amounts).toMatchObject({ credited: '2825', remaining: '8475' });

    const found = await eventually(
      () => official.invoicesOf(seller.taxId),
      // Chains reach the audit concurrently: wait until all three changes have arrived.
      (items) =>
        items.some((invoice) => invoice.claimState === 'completed') &&
        items.some((invoice) => invoice.status === 'voided') &&
        items.some((invoice) => invoice.credited !== '0'),
    );
    const byNumber = new Map(found.map((invoice) => [invoice.invoiceNumber, invoice]));
    expect(byNumber.get(first.invoiceNumber)).toMatchObject({
      gross: '11300',
      claimState: 'completed',
    });
    expect(byNumber.get(second.invoiceNumber)?.status).toBe('voided');
    expect(byNumber.get(third.invoiceNumber)).toMatchObject({ gross: '11300', credited: '2825' });
  }, 120_000);
});
