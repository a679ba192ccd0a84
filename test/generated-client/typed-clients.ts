import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths as IssuingPaths } from './issuing.openapi';
import type { paths as ReimbursementPaths } from './reimbursement.openapi';
import type { paths as AuditPaths } from './audit.openapi';

export type IssuingClient = Client<IssuingPaths>;
export type ReimbursementClient = Client<ReimbursementPaths>;
export type AuditClient = Client<AuditPaths>;

function client<Paths extends object>(baseUrl: string, token: string, check: Middleware) {
  const typed = createClient<Paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
  typed.use(check);
  return typed;
}

export const issuingClient = (baseUrl: string, token: string, check: Middleware): IssuingClient =>
  client<IssuingPaths>(baseUrl, token, check);
export const reimbursementClient = (
  baseUrl: string,
  token: string,
  check: Middleware,
): ReimbursementClient => client<ReimbursementPaths>(baseUrl, token, check);
export const auditClient = (baseUrl: string, token: string, check: Middleware): AuditClient =>
  client<AuditPaths>(baseUrl, token, check);

/** The data of a successful answer; otherwise throws with the status and the problem. */
export function expectData<T>(
  call: { data?: T; error?: unknown; response: Response },
  what: string,
): T {
  if (call.data === undefined)
    throw new Error(`${what}: ${call.response.status} ${JSON.stringify(call.error)}`);
  return call.data;
}
