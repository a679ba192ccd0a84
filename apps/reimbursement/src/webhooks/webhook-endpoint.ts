/** A company's endpoint, with the health the company (and officials, in aggregate) see. */
export interface WebhookEndpoint {
  endpointId: string;
  companyTaxId: string;
  url: string;
  eventTypes: string[];
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  disabledAt: Date | null;
  failingSince: Date | null;
  nextAttemptAt: Date | null;
  failedAttempts: number;
  pending: number;
  createdAt: Date;
}

/** One message's delivery to one endpoint, as the delivery log shows it. */
export interface WebhookDelivery {
  deliveryId: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  body: string;
  createdAt: Date;
  deliveredAt: Date | null;
  attempts: number;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastError: string | null;
}

/** The next delivery due at an endpoint, with what sending it needs. */
export interface DueDelivery {
  deliveryId: string;
  messageId: string;
  body: string;
  url: string;
  companyTaxId: string;
  failingSince: Date | null;
  failedAttempts: number;
}
