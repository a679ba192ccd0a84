import { randomUUID } from 'node:crypto';
import { AnomaliesRepository } from '../../../apps/audit/src/anomalies/anomalies.repository';
import { VerificationRunsRepository } from '../../../apps/audit/src/verification/verification-runs.repository';
import { AuthorityKeys } from '@taxchain/ledger';
import { MerchantSigner } from '../../../scripts/load/merchant-signer';
import { type IssuingEntry, printedQrText } from '../../support/printed-qr';
import { pollUntil } from '../../faults/support/poll-until';
import { httpCall, type HttpAnswer, type HttpCall } from './http-call';
import type { SecurityPlatform, ServiceName } from './security-platform';

/** A merchant with a registered key and a company it sells to: one tenant of each side. */
export interface Tenant {
  merchantToken: string;
  signer: MerchantSigner;
  companyToken: string;
  companyTaxId: string;
}

export interface IssuedInvoice {
  invoiceNumber: string;
  checkCode: string;
  entryHash: string;
  /** As signed: the facts printed on the paper besides number and check code. */
  issueDate: string;
  gross: string;
  /** The text of the QR code printed on it: the tax authority's signed statement. */
  qr: string;
}

/** What the matrix acts on: tenant A is the caller's own, tenant B the other. */
export interface AuthorizationFixtures {
  own: Tenant;
  other: Tenant;
  tokens: { admin: string; official: string };
  send(service: ServiceName, call: HttpCall): Promise<HttpAnswer>;
  /** A → company A, delivered to reimbursement and audit: read by every read operation. */
  ownInvoice: IssuedInvoice;
  /** B → company B, delivered: another merchant's invoice, another buyer's invoice. */
  otherInvoice: IssuedInvoice;
  /** A → company A, delivered and unclaimed: for a successful claim, void or credit. */
  freshOwnInvoice(): Promise<IssuedInvoice>;
  /** An active claim of this tenant's company on one of its invoices. */
  activeClaim(tenant: Tenant): Promise<string>;
  /** A key of merchant A's, or of merchant B's, that is registered and unrevoked. */
  spareKey(tenant: Tenant): Promise<string>;
  /** An open anomaly, recorded as the audit feed records findings. */
  openAnomaly(): Promise<string>;
  /** A verification run still in progress (as if on another instance), so it can be cancelled. */
  runningVerification(): Promise<string>;
  /** A credential id to rotate or revoke. */
  spareCredential(): Promise<string>;
  /** A webhook endpoint of this tenant's company (on a loopback port nothing listens on). */
  webhookEndpoint(tenant: Tenant): Promise<string>;
}

/** Needs WEBHOOKS_ALLOW_LOOPBACK; port 9 (discard) has no listener here, deliveries just retry. */
export const WEBHOOK_ENDPOINT = { url: 'http://127.0.0.1:9/hooks', eventTypes: ['invoice.issued'] };

/** Read models are fed through Kafka: a generous bound on a loaded machine. */
const DELIVERY_TIMEOUT_MS = 60_000;

export async function givenAuthorizationFixtures(
  platform: SecurityPlatform,
): Promise<AuthorizationFixtures> {
  const { given, urls, apps } = platform;
  const send = (service: ServiceName, call: HttpCall) => httpCall(urls[service], call);
  const expectStatus = async (what: string, answer: Promise<HttpAnswer>, status: number) => {
    const got = await answer;
    if (got.status !== status) throw new Error(`${what}: ${got.status} ${got.text}`);
    return got;
  };

  async function tenant(): Promise<Tenant> {
    const merchant = await given.merchant();
    const company = await given.company();
    const signer = new MerchantSigner(merchant.party);
    const registration = signer.registration();
    await expectStatus(
      'key registration',
      send('issuing', { method: 'POST', path: '/keys', token: merchant.token, body: registration }),
      201,
    );
    return {
      merchantToken: merchant.token,
      signer,
      companyToken: company.token,
      companyTaxId: company.party.taxId,
    };
  }

  const own = await tenant();
  const other = await tenant();
  const official = (await given.official()).token;

  /** Issued by the tenant's merchant to its company, and visible to reimbursement and audit. */
  async function issued(of: Tenant): Promise<IssuedInvoice> {
    const body = of.signer.signed(of.signer.invoice(of.companyTaxId));
    const answer = await expectStatus(
      'issue',
      send('issuing', { method: 'POST', path: '/invoices', token: of.merchantToken, body }),
      201,
    );
    const invoice = {
      ...(answer.json as unknown as Omit<IssuedInvoice, 'issueDate' | 'gross' | 'qr'>),
      issueDate: body.invoice.issueDate,
      gross: body.invoice.totals.gross,
    };
    const verify = `/invoices/${invoice.invoiceNumber}?checkCode=${invoice.checkCode}`;
    const trail = `/invoices/${invoice.invoiceNumber}/trail`;
    await pollUntil(
      async () =>
        (await send('reimbursement', { method: 'GET', path: verify, token: of.companyToken }))
          .status === 200 &&
        (await send('audit', { method: 'GET', path: trail, token: official })).status === 200,
      DELIVERY_TIMEOUT_MS,
      `invoice ${invoice.invoiceNumber} in the reimbursement and audit read models`,
    );
    const verified = await send('reimbursement', {
      method: 'GET',
      path: verify,
      token: of.companyToken,
    });
    const { entry } = (
      verified.json as unknown as { proof: { entries: [{ entry: IssuingEntry }] } }
    ).proof.entries[0];
    return { ...invoice, qr: printedQrText(entry, apps.issuing.get(AuthorityKeys).current) };
  }

  const anomalies = apps.audit.get(AnomaliesRepository);
  const runs = apps.audit.get(VerificationRunsRepository);
  const [ownInvoice, otherInvoice] = await Promise.all([issued(own), issued(other)]);
  return {
    own,
    other,
    tokens: { admin: (await given.admin()).token, official },
    send,
    ownInvoice,
    otherInvoice,
    freshOwnInvoice: () => issued(own),
    async activeClaim(of) {
      const { invoiceNumber, checkCode } = await issued(of);
      const answer = await expectStatus(
        'claim',
        send('reimbursement', {
          method: 'POST',
          path: '/claims',
          token: of.companyToken,
          body: { invoiceNumber, checkCode },
        }),
        201,
      );
      return String(answer.json?.claimId);
    },
    async spareKey(of) {
      const signer = new MerchantSigner(of.signer.seller);
      const answer = await expectStatus(
        'spare key',
        send('issuing', {
          method: 'POST',
          path: '/keys',
          token: of.merchantToken,
          body: signer.registration(),
        }),
        201,
      );
      return String(answer.json?.keyId);
    },
    async openAnomaly() {
      const anomaly = await anomalies.insert({
        type: 'burst',
        severity: 'low',
        summary: 'authorization matrix fixture',
        evidence: { entries: [] },
        dedupeKey: `authorization:${randomUUID()}`,
      });
      if (!anomaly) throw new Error('anomaly fixture not recorded');
      return anomaly.id;
    },
    async runningVerification() {
      return (await runs.create(randomUUID(), 1, 'authorization matrix fixture')).id;
    },
    async spareCredential() {
      return (await given.official()).credential.id;
    },
    async webhookEndpoint(of) {
      const answer = await expectStatus(
        'webhook endpoint',
        send('reimbursement', {
          method: 'POST',
          path: '/webhooks/endpoints',
          token: of.companyToken,
          body: WEBHOOK_ENDPOINT,
        }),
        201,
      );
      return String(answer.json?.endpointId);
    },
  };
}
