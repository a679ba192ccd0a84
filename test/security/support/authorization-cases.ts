import { generateTaxId } from '@taxchain/contracts';
import { MerchantSigner } from '../../../scripts/load/merchant-signer';
import {
  WEBHOOK_ENDPOINT,
  type AuthorizationFixtures,
  type IssuedInvoice,
  type Tenant,
} from './authorization-fixtures';
import type { HttpCall } from './http-call';

/** A request (the credential is the cell's) and the answer the allowed role must get. */
export interface Probe {
  call: HttpCall;
  status: number;
  /** The problem type's code, for a refusal. */
  type?: string;
}

/**
 * How each operation is exercised: `own` on the caller's tenant (must succeed for the allowed
 * role), `other` on another tenant's resource where a tenant applies. Built lazily, because a
 * successful call consumes its fixture (a voided invoice, a completed claim).
 */
export interface OperationCase {
  own(): Promise<Probe>;
  other?(): Promise<Probe>;
}

const ok = (call: HttpCall, status = 200): Probe => ({ call, status });
const get = (path: string): HttpCall => ({ method: 'GET', path });
const post = (path: string, body: unknown = {}): HttpCall => ({ method: 'POST', path, body });
const verifyPath = (invoice: IssuedInvoice) =>
  `/invoices/${invoice.invoiceNumber}?checkCode=${invoice.checkCode}`;
const qr = (invoice: IssuedInvoice) => ({ qr: invoice.qr });
/** The four printed facts the public check takes (gross from fen to "61.56"). */
const publicFacts = (invoice: IssuedInvoice) => ({
  number: invoice.invoiceNumber,
  date: invoice.issueDate,
  code: invoice.checkCode,
  amount: `${BigInt(invoice.gross) / 100n}.${String(BigInt(invoice.gross) % 100n).padStart(2, '0')}`,
});

/** The same read of the caller's invoice, and 404 for another merchant's: nothing leaks. */
function sellerRead(f: AuthorizationFixtures, suffix: string): OperationCase {
  return {
    own: async () => ok(get(`/invoices/${f.ownInvoice.invoiceNumber}${suffix}`)),
    other: async () => ({
      call: get(`/invoices/${f.otherInvoice.invoiceNumber}${suffix}`),
      status: 404,
      type: 'invoice-not-found',
    }),
  };
}

/** A claim settlement: the own company's active claim, or another buyer's (as if it did not exist). */
function settlement(f: AuthorizationFixtures, step: 'complete' | 'release'): OperationCase {
  return {
    own: async () => ok(post(`/claims/${await f.activeClaim(f.own)}/${step}`)),
    other: async () => ({
      call: post(`/claims/${await f.activeClaim(f.other)}/${step}`),
      status: 404,
      type: 'claim-not-found',
    }),
  };
}

const creditNote = (tenant: Tenant, invoiceNumber: string, buyerTaxId: string) =>
  tenant.signer.signed(
    tenant.signer.invoice(buyerTaxId, {
      kind: 'credit-note',
      creditedInvoiceNumber: invoiceNumber,
    }),
  );

const plainGet = (path: string): OperationCase => ({ own: async () => ok(get(path)) });

/** An operation on one webhook endpoint: the caller's own, or another company's (as if absent). */
function onEndpoint(
  f: AuthorizationFixtures,
  call: (endpointId: string) => HttpCall,
  status = 200,
): OperationCase {
  return {
    own: async () => ok(call(await f.webhookEndpoint(f.own)), status),
    other: async () => ({
      call: call(await f.webhookEndpoint(f.other)),
      status: 404,
      type: 'webhook-endpoint-not-found',
    }),
  };
}

/** Every documented operation, by the key endpoint-access.ts uses. */
export function authorizationCases(f: AuthorizationFixtures): Record<string, OperationCase> {
  const { own, other } = f;
  return {
    'issuing POST /admin/parties': {
      own: async () =>
        ok(
          post('/admin/parties', {
            taxId: generateTaxId('310115'),
            name: 'Matrix Co.',
            roles: ['company'],
          }),
          201,
        ),
    },
    'issuing GET /admin/parties': plainGet('/admin/parties'),
    'issuing POST /admin/credentials': {
      own: async () => ok(post('/admin/credentials', { role: 'official', label: 'matrix' }), 201),
    },
    'issuing GET /admin/credentials': plainGet('/admin/credentials'),
    'issuing POST /admin/credentials/{id}/rotate': {
      own: async () => ok(post(`/admin/credentials/${await f.spareCredential()}/rotate`), 201),
    },
    'issuing POST /admin/credentials/{id}/revoke': {
      own: async () => ok(post(`/admin/credentials/${await f.spareCredential()}/revoke`)),
    },
    'issuing POST /keys': {
      own: async () => ok(post('/keys', new MerchantSigner(own.signer.seller).registration()), 201),
      // The proof of possession names the merchant: another merchant's registration never verifies.
      other: async () => ({
        call: post('/keys', new MerchantSigner(other.signer.seller).registration()),
        status: 422,
        type: 'bad-signature',
      }),
    },
    'issuing GET /keys': plainGet('/keys'),
    'issuing POST /keys/{keyId}/revoke': {
      own: async () => ok(post(`/keys/${await f.spareKey(own)}/revoke`)),
      other: async () => ({
        call: post(`/keys/${await f.spareKey(other)}/revoke`),
        status: 404,
        type: 'key-not-found',
      }),
    },
    // Buyers and officials read any merchant's directory, a merchant its own (test/key-directory).
    'issuing GET /merchants/{taxId}/keys': plainGet(`/merchants/${own.signer.taxId}/keys`),
    'issuing GET /invoices/{number}.pdf': sellerRead(f, '.pdf'),
    'issuing GET /invoices/{number}/pdf': sellerRead(f, '/pdf'),
    'issuing POST /invoices': {
      own: async () =>
        ok(post('/invoices', own.signer.signed(own.signer.invoice(own.companyTaxId))), 201),
      other: async () => ({
        call: post('/invoices', other.signer.signed(other.signer.invoice(other.companyTaxId))),
        status: 403,
        type: 'seller-mismatch',
      }),
    },
    // Another merchant's invoices in a batch are refused item by item (seller-mismatch, tested
    // in issue-batch.e2e-spec); the request itself is the caller's own.
    'issuing POST /invoices/batch': {
      own: async () =>
        ok(
          post('/invoices/batch', {
            invoices: [own.signer.signed(own.signer.invoice(own.companyTaxId))],
          }),
        ),
    },
    'issuing GET /invoices': plainGet('/invoices'),
    'issuing GET /invoices/{number}': sellerRead(f, ''),
    'issuing GET /invoices/{number}/proof': sellerRead(f, '/proof'),
    'issuing POST /invoices/{number}/void': {
      own: async () => {
        const { invoiceNumber } = await f.freshOwnInvoice();
        return ok(post(`/invoices/${invoiceNumber}/void`, own.signer.void(invoiceNumber)));
      },
      other: async () => {
        const { invoiceNumber } = f.otherInvoice;
        return {
          call: post(`/invoices/${invoiceNumber}/void`, other.signer.void(invoiceNumber)),
          status: 404,
          type: 'invoice-not-found',
        };
      },
    },
    'issuing POST /invoices/{number}/credit-notes': {
      own: async () => {
        const { invoiceNumber } = await f.freshOwnInvoice();
        const body = creditNote(own, invoiceNumber, own.companyTaxId);
        return ok(post(`/invoices/${invoiceNumber}/credit-notes`, body), 201);
      },
      other: async () => {
        const { invoiceNumber } = f.otherInvoice;
        const body = creditNote(other, invoiceNumber, other.companyTaxId);
        return {
          call: post(`/invoices/${invoiceNumber}/credit-notes`, body),
          status: 404,
          type: 'invoice-not-found',
        };
      },
    },
    'issuing GET /health': plainGet('/health'),
    'issuing GET /metrics': plainGet('/metrics'),
    // Any company holding the check code may verify an invoice (it is printed on it); the
    // claim details of another buyer are withheld from the answer, not the answer itself.
    'reimbursement GET /invoices/{number}': {
      own: async () => ok(get(verifyPath(f.ownInvoice))),
      other: async () => ok(get(verifyPath(f.otherInvoice))),
    },
    'reimbursement POST /invoices/verify-qr': {
      own: async () => ok(post('/invoices/verify-qr', qr(f.ownInvoice))),
      other: async () => ok(post('/invoices/verify-qr', qr(f.otherInvoice))),
    },
    'reimbursement POST /invoices/verify-batch': {
      own: async () =>
        ok(
          post('/invoices/verify-batch', {
            invoices: [f.ownInvoice, f.otherInvoice].map(({ invoiceNumber, checkCode }) => ({
              invoiceNumber,
              checkCode,
            })),
          }),
        ),
    },
    'reimbursement GET /claims.csv': plainGet('/claims.csv'),
    'reimbursement GET /inbox': plainGet('/inbox'),
    'reimbursement GET /inbox.csv': plainGet('/inbox.csv'),
    'reimbursement POST /claims': {
      own: async () => {
        const { invoiceNumber, checkCode } = await f.freshOwnInvoice();
        return ok(post('/claims', { invoiceNumber, checkCode }), 201);
      },
      other: async () => {
        const { invoiceNumber, checkCode } = f.otherInvoice;
        return {
          call: post('/claims', { invoiceNumber, checkCode }),
          status: 403,
          type: 'not-the-buyer',
        };
      },
    },
    'reimbursement GET /claims': plainGet('/claims'),
    'reimbursement POST /claims/{id}/complete': settlement(f, 'complete'),
    'reimbursement POST /claims/{id}/release': settlement(f, 'release'),
    // No login: anyone holding the paper learns the status of any invoice.
    'reimbursement POST /public/check': {
      own: async () => ok(post('/public/check', publicFacts(f.ownInvoice))),
    },
    'reimbursement GET /check': plainGet(
      `/check?${new URLSearchParams(publicFacts(f.ownInvoice)).toString()}`,
    ),
    'reimbursement POST /webhooks/endpoints': {
      own: async () => ok(post('/webhooks/endpoints', WEBHOOK_ENDPOINT), 201),
    },
    'reimbursement GET /webhooks/endpoints': plainGet('/webhooks/endpoints'),
    'reimbursement GET /webhooks/endpoints/{id}': onEndpoint(f, (id) =>
      get(`/webhooks/endpoints/${id}`),
    ),
    'reimbursement DELETE /webhooks/endpoints/{id}': onEndpoint(
      f,
      (id) => ({ method: 'DELETE', path: `/webhooks/endpoints/${id}` }),
      204,
    ),
    'reimbursement POST /webhooks/endpoints/{id}/enable': onEndpoint(f, (id) =>
      post(`/webhooks/endpoints/${id}/enable`),
    ),
    'reimbursement POST /webhooks/endpoints/{id}/test': onEndpoint(
      f,
      (id) => post(`/webhooks/endpoints/${id}/test`),
      202,
    ),
    'reimbursement GET /webhooks/endpoints/{id}/deliveries': onEndpoint(f, (id) =>
      get(`/webhooks/endpoints/${id}/deliveries`),
    ),
    'reimbursement POST /webhooks/endpoints/{id}/replay': onEndpoint(f, (id) =>
      post(`/webhooks/endpoints/${id}/replay`, { since: '2026-01-01T00:00:00Z' }),
    ),
    'reimbursement POST /webhooks/keys/rotate': {
      own: async () => {
        await f.webhookEndpoint(f.own);
        return ok(post('/webhooks/keys/rotate'));
      },
    },
    'reimbursement GET /webhooks/health': plainGet('/webhooks/health'),
    'reimbursement GET /webhooks/keys/{taxId}': {
      own: async () => {
        await f.webhookEndpoint(f.own);
        return ok(get(`/webhooks/keys/${f.own.companyTaxId}`));
      },
    },
    'reimbursement GET /health': plainGet('/health'),
    'reimbursement GET /metrics': plainGet('/metrics'),
    'audit GET /invoices': plainGet('/invoices'),
    'audit GET /invoices/{number}/trail': plainGet(`/invoices/${f.ownInvoice.invoiceNumber}/trail`),
    'audit GET /exports/invoices.csv': plainGet('/exports/invoices.csv'),
    'audit GET /aggregates': plainGet('/aggregates?by=seller'),
    'audit GET /invoices/{number}': plainGet(`/invoices/${f.ownInvoice.invoiceNumber}`),
    'audit GET /parties': plainGet(`/parties?taxIds=${f.own.companyTaxId}`),
    'audit GET /delivery-health': plainGet('/delivery-health'),
    'audit GET /anomalies': plainGet('/anomalies'),
    'audit GET /anomalies/counts': plainGet('/anomalies/counts'),
    'audit GET /anomalies/{id}': {
      own: async () => ok(get(`/anomalies/${await f.openAnomaly()}`)),
    },
    'audit POST /anomalies/{id}/acknowledge': {
      own: async () => ok(post(`/anomalies/${await f.openAnomaly()}/acknowledge`)),
    },
    'audit POST /anomalies/{id}/dismiss': {
      own: async () => ok(post(`/anomalies/${await f.openAnomaly()}/dismiss`)),
    },
    'audit POST /verifications': { own: async () => ok(post('/verifications'), 202) },
    'audit GET /verifications/{id}': {
      own: async () => ok(get(`/verifications/${await f.runningVerification()}`)),
    },
    'audit POST /verifications/{id}/cancel': {
      own: async () => ok(post(`/verifications/${await f.runningVerification()}/cancel`)),
    },
    'audit GET /authority': plainGet('/authority'),
    // A chain past the last: its 404 (not 401) shows the note is served without a credential.
    'audit GET /checkpoints/{chain}': { own: async () => ok(get('/checkpoints/9999'), 404) },
    'audit GET /health': plainGet('/health'),
    'audit GET /metrics': plainGet('/metrics'),
  };
}
