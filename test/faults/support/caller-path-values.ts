import type { AuthorizationFixtures } from '../../security/support/authorization-fixtures';
import type { Operation } from '../../security/support/openapi-operations';

type Values = Record<string, string>;
type Source = (fixtures: AuthorizationFixtures) => Values | Promise<Values>;

/**
 * What names something of the caller's own in each documented path: an id that names nothing
 * is answered 404 whatever the body holds, so a hostile body would count as refused without its
 * checks ever running. Keyed by `<service> <path>`; the caller is tenant `own` (or the admin or
 * official of the fixtures). Operations that change what they name get a fresh one each time
 * (an invoice to void, a claim to complete, a key to revoke), so the body is checked against
 * something the change could still be made to.
 */
const SOURCES: Record<string, Source> = {
  'issuing /admin/credentials/{id}/rotate': async (f) => ({ id: await f.spareCredential() }),
  'issuing /admin/credentials/{id}/revoke': async (f) => ({ id: await f.spareCredential() }),
  'issuing /keys/{keyId}/revoke': async (f) => ({ keyId: await f.spareKey(f.own) }),
  'issuing /merchants/{taxId}/keys': (f) => ({ taxId: f.own.signer.taxId }),
  'issuing /invoices/{number}.pdf': (f) => ({ number: f.ownInvoice.invoiceNumber }),
  'issuing /invoices/{number}/pdf': (f) => ({ number: f.ownInvoice.invoiceNumber }),
  'issuing /invoices/{number}': (f) => ({ number: f.ownInvoice.invoiceNumber }),
  'issuing /invoices/{number}/proof': (f) => ({ number: f.ownInvoice.invoiceNumber }),
  'issuing /invoices/{number}/void': fresh,
  'issuing /invoices/{number}/credit-notes': fresh,
  'reimbursement /invoices/{number}': (f) => ({ number: f.ownInvoice.invoiceNumber }),
  'reimbursement /claims/{id}/complete': async (f) => ({ id: await f.activeClaim(f.own) }),
  'reimbursement /claims/{id}/release': async (f) => ({ id: await f.activeClaim(f.own) }),
  'reimbursement /webhooks/endpoints/{id}': endpoint,
  'reimbursement /webhooks/endpoints/{id}/enable': endpoint,
  'reimbursement /webhooks/endpoints/{id}/test': endpoint,
  'reimbursement /webhooks/endpoints/{id}/deliveries': endpoint,
  'reimbursement /webhooks/endpoints/{id}/replay': endpoint,
  'reimbursement /webhooks/keys/{taxId}': (f) => ({ taxId: f.own.companyTaxId }),
  'audit /invoices/{number}': (f) => ({ number: f.ownInvoice.invoiceNumber }),
  'audit /invoices/{number}/trail': (f) => ({ number: f.ownInvoice.invoiceNumber }),
  'audit /anomalies/{id}': anomaly,
  'audit /anomalies/{id}/acknowledge': anomaly,
  'audit /anomalies/{id}/dismiss': anomaly,
  'audit /verifications/{id}': verification,
  'audit /verifications/{id}/cancel': verification,
  'audit /checkpoints/{chain}': () => ({ chain: '0' }),
};

async function fresh(f: AuthorizationFixtures): Promise<Values> {
  return { number: (await f.freshOwnInvoice()).invoiceNumber };
}
async function endpoint(f: AuthorizationFixtures): Promise<Values> {
  return { id: await f.webhookEndpoint(f.own) };
}
async function anomaly(f: AuthorizationFixtures): Promise<Values> {
  return { id: await f.openAnomaly() };
}
/**
 * A run the official started: the fixtures' run "on another instance" is taken over by this
 * one, which records a new run now and then, in the middle of the row counts.
 */
async function verification(f: AuthorizationFixtures): Promise<Values> {
  const started = await f.send('audit', {
    method: 'POST',
    path: '/verifications',
    token: f.tokens.official,
  });
  if (started.status !== 202) throw new Error(`verification: ${started.status} ${started.text}`);
  return { id: String(started.json?.id) };
}

/**
 * The path values of the caller's own things, per operation: the same ones until `renew` says
 * a request changed what they name. A path parameter no source knows fails the run, so that a
 * new route is given real ids too.
 */
export class CallerPathValues {
  private readonly current = new Map<string, Promise<Values>>();

  constructor(private readonly fixtures: AuthorizationFixtures) {}

  of(operation: Operation): Promise<Values> {
    const names = operation.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    if (!names.length) return Promise.resolve({});
    const key = `${operation.service} ${operation.path}`;
    const source = SOURCES[key];
    if (!source) throw new Error(`${key}: no real value for ${names.join(', ')}`);
    let values = this.current.get(key);
    if (!values) {
      values = Promise.resolve(source(this.fixtures));
      this.current.set(key, values);
    }
    return values;
  }

  /** New values for the operation: a request it accepted may have used up the old ones. */
  renew(operation: Operation): Promise<Values> {
    this.current.delete(`${operation.service} ${operation.path}`);
    return this.of(operation);
  }
}
