/**
 * One buyer company's webhook delivery health, as the reimbursement service counts it
 * (GET /webhooks/health) and the audit service shows it to officials. Messages are counted
 * once per endpoint they are queued for.
 */
export interface CompanyDeliveryHealth {
  companyTaxId: string;
  /** Registered endpoints, and how many of them are disabled. */
  endpoints: number;
  disabledEndpoints: number;
  /** Messages acknowledged by a 2xx. */
  delivered: number;
  /** Not delivered yet, on an enabled endpoint that answers (on their way). */
  queued: number;
  /** Not delivered yet, on an enabled endpoint whose last attempt failed (waiting to retry). */
  retrying: number;
  /** Not delivered, held on a disabled endpoint until the company enables it again. */
  disabled: number;
}

export interface DeliveryHealthList {
  items: CompanyDeliveryHealth[];
}
