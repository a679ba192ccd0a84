import type { Operation } from './openapi-operations';

export const CALLER_ROLES = ['anonymous', 'admin', 'merchant', 'company', 'official'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/**
 * Who may call each documented operation. Every operation of every service must be listed:
 * a new endpoint without an entry fails the fuzzer and the authorization matrix.
 */
const ACCESS: Record<string, CallerRole[] | 'public'> = {
  'issuing POST /admin/parties': ['admin'],
  'issuing GET /admin/parties': ['admin'],
  'issuing POST /admin/credentials': ['admin'],
  'issuing GET /admin/credentials': ['admin'],
  'issuing POST /admin/credentials/{id}/rotate': ['admin'],
  'issuing POST /admin/credentials/{id}/revoke': ['admin'],
  'issuing POST /keys': ['merchant'],
  'issuing GET /keys': ['merchant'],
  'issuing POST /keys/{keyId}/revoke': ['merchant'],
  'issuing GET /merchants/{taxId}/keys': ['merchant', 'company', 'official'],
  'issuing GET /invoices/{number}.pdf': ['merchant'],
  'issuing GET /invoices/{number}/pdf': ['merchant'],
  'issuing POST /invoices': ['merchant'],
  'issuing POST /invoices/batch': ['merchant'],
  'issuing GET /invoices': ['merchant'],
  'issuing GET /invoices/{number}': ['merchant'],
  'issuing GET /invoices/{number}/proof': ['merchant'],
  'issuing POST /invoices/{number}/void': ['merchant'],
  'issuing POST /invoices/{number}/credit-notes': ['merchant'],
  'issuing GET /health': 'public',
  'issuing GET /metrics': 'public',
  'reimbursement GET /invoices/{number}': ['company'],
  'reimbursement POST /invoices/verify-qr': ['company'],
  'reimbursement POST /invoices/verify-batch': ['company'],
  'reimbursement GET /claims.csv': ['company'],
  'reimbursement GET /inbox': ['company'],
  'reimbursement GET /inbox.csv': ['company'],
  'reimbursement POST /claims': ['company'],
  'reimbursement GET /claims': ['company'],
  'reimbursement POST /claims/{id}/complete': ['company'],
  'reimbursement POST /claims/{id}/release': ['company'],
  'reimbursement POST /public/check': 'public',
  'reimbursement GET /check': 'public',
  'reimbursement POST /webhooks/endpoints': ['company'],
  'reimbursement GET /webhooks/endpoints': ['company'],
  'reimbursement GET /webhooks/endpoints/{id}': ['company'],
  'reimbursement DELETE /webhooks/endpoints/{id}': ['company'],
  'reimbursement POST /webhooks/endpoints/{id}/enable': ['company'],
  'reimbursement POST /webhooks/endpoints/{id}/test': ['company'],
  'reimbursement GET /webhooks/endpoints/{id}/deliveries': ['company'],
  'reimbursement POST /webhooks/endpoints/{id}/replay': ['company'],
  'reimbursement POST /webhooks/keys/rotate': ['company'],
  'reimbursement GET /webhooks/keys/{taxId}': 'public',
  'reimbursement GET /webhooks/health': ['official'],
  'reimbursement GET /health': 'public',
  'reimbursement GET /metrics': 'public',
  'audit GET /invoices': ['official'],
  'audit GET /invoices/{number}/trail': ['official'],
  'audit GET /exports/invoices.csv': ['official'],
  'audit GET /aggregates': ['official'],
  'audit GET /invoices/{number}': ['official'],
  'audit GET /parties': ['official'],
  'audit GET /delivery-health': ['official'],
  'audit GET /anomalies': ['official'],
  'audit GET /anomalies/counts': ['official'],
  'audit GET /anomalies/{id}': ['official'],
  'audit POST /anomalies/{id}/acknowledge': ['official'],
  'audit POST /anomalies/{id}/dismiss': ['official'],
  'audit POST /verifications': ['official'],
  'audit GET /verifications/{id}': ['official'],
  'audit POST /verifications/{id}/cancel': ['official'],
  'audit GET /authority': 'public',
  'audit GET /checkpoints/{chain}': 'public',
  'audit GET /health': 'public',
  'audit GET /metrics': 'public',
};

/** The roles allowed to call the operation ('public': everyone, with or without a credential). */
export function accessOf(operation: Operation): CallerRole[] | 'public' {
  const access = ACCESS[operation.key];
  if (!access) throw new Error(`${operation.key} has no expected access: add it to ACCESS`);
  return access;
}

/** The operation keys listed here; compared with the documents so no entry outlives its endpoint. */
export const listedOperations = (): string[] => Object.keys(ACCESS);
