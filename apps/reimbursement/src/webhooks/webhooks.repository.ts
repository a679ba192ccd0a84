import { Injectable } from '@nestjs/common';
import type { CompanyDeliveryHealth } from '@taxchain/contracts';
import type { SqlStatement } from '@taxchain/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { WebhookEventType, WebhookMessage } from './webhook-events';
import type { DueDelivery, WebhookDelivery, WebhookEndpoint } from './webhook-endpoint';

/** Committing a transaction that wrote deliveries wakes the dispatchers listening here. */
export const DELIVERIES_CHANNEL = 'webhook_deliveries';

const ENDPOINT = `e.endpoint_id AS "endpointId", e.company_tax_id AS "companyTaxId", e.url,
  e.event_types AS "eventTypes", e.status, e.disabled_reason AS "disabledReason",
  e.disabled_at AS "disabledAt", e.failing_since AS "failingSince",
  e.next_attempt_at AS "nextAttemptAt", e.failed_attempts AS "failedAttempts",
  e.created_at AS "createdAt",
  (SELECT count(*)::int FROM reimbursement.webhook_deliveries d
    WHERE d.endpoint_id = e.endpoint_id AND d.delivered_at IS NULL) AS pending`;

const DELIVERY = `d.delivery_id::text AS "deliveryId", d.endpoint_id AS "endpointId",
  d.message_id AS "messageId", d.event_type AS "eventType", d.body, d.created_at AS "createdAt",
  d.delivered_at AS "deliveredAt", d.attempts, d.last_attempt_at AS "lastAttemptAt",
  d.last_status AS "lastStatus", d.last_error AS "lastError"`;

/** Endpoints and the delivery outbox (schema `reimbursement`). */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly db: DataSource) {}

  async insertEndpoint(endpoint: {
    endpointId: string;
    companyTaxId: string;
    url: string;
    eventTypes: string[];
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO reimbursement.webhook_endpoints (endpoint_id, company_tax_id, url, event_types)
       VALUES ($1, $2, $3, $4)`,
      [endpoint.endpointId, endpoint.companyTaxId, endpoint.url, endpoint.eventTypes],
    );
  }

  async endpoints(companyTaxId: string): Promise<WebhookEndpoint[]> {
    return this.db.query<WebhookEndpoint[]>(
      `SELECT ${ENDPOINT} FROM reimbursement.webhook_endpoints e
       WHERE e.company_tax_id = $1 ORDER BY e.created_at, e.endpoint_id`,
      [companyTaxId],
    );
  }

  async endpoint(companyTaxId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
    const [row] = await this.db.query<WebhookEndpoint[]>(
      `SELECT ${ENDPOINT} FROM reimbursement.webhook_endpoints e
       WHERE e.company_tax_id = $1 AND e.endpoint_id = $2`,
      [companyTaxId, endpointId],
    );
    return row;
  }

  async deleteEndpoint(companyTaxId: string, endpointId: string): Promise<boolean> {
    const [, count] = await this.db.query<[unknown, number]>(
      'DELETE FROM reimbursement.webhook_endpoints WHERE company_tax_id = $1 AND endpoint_id = $2',
      [companyTaxId, endpointId],
    );
    return count > 0;
  }

  /** Back to enabled with a clean slate: what was pending is tried again at once. */
  async enable(companyTaxId: string, endpointId: string): Promise<void> {
    await this.db.query(
      `UPDATE reimbursement.webhook_endpoints
         SET status = 'enabled', disabled_reason = NULL, disabled_at = NULL,
             failing_since = NULL, next_attempt_at = NULL, failed_attempts = 0
       WHERE company_tax_id = $1 AND endpoint_id = $2`,
      [companyTaxId, endpointId],
    );
    await this.notify(this.db.manager);
  }

  /**
   * Fans messages out to every endpoint of their company subscribed to their type, in the
   * caller's transaction (the feed's), in the order given; a message already queued for an
   * endpoint is not queued again.
   */
  async enqueue(tx: EntityManager, messages: WebhookMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const { text, values } = this.enqueueStatement(messages);
    await tx.query(text, values);
  }

  /**
   * enqueue's statement, to run together with the feed's other writes. It wakes the dispatchers
   * when it queues a delivery: a NOTIFY per queued row, which PostgreSQL sends once, at commit.
   * `unbuilt` names companies whose messages of that type the caller left out, taking them for
   * companies without an endpoint subscribed to it: if one has such an endpoint on the
   * statement's snapshot, its row has no body, and the column's NOT NULL fails the statement
   * whole (nothing queued, the caller's other writes undone with it), for the caller to build
   * its messages again.
   */
  enqueueStatement(
    messages: WebhookMessage[],
    unbuilt?: { type: WebhookEventType; companies: string[] },
  ): SqlStatement {
    return {
      text: `INSERT INTO reimbursement.webhook_deliveries (endpoint_id, message_id, event_type, body)
       SELECT endpoint_id, message_id, type, body FROM (
         SELECT e.endpoint_id, m.message_id, m.type, m.body, m.ord
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
           AS m(company, message_id, type, body, ord)
         JOIN reimbursement.webhook_endpoints e
           ON e.company_tax_id = m.company AND m.type = ANY (e.event_types)
         UNION ALL
         SELECT e.endpoint_id, '', $5::text, NULL, 0
         FROM reimbursement.webhook_endpoints e
         WHERE e.company_tax_id = ANY ($6::text[]) AND $5::text = ANY (e.event_types)
       ) q
       ORDER BY ord, endpoint_id
       ON CONFLICT (endpoint_id, message_id) DO NOTHING
       RETURNING pg_notify('${DELIVERIES_CHANNEL}', '')`,
      values: [
        messages.map((m) => m.companyTaxId),
        messages.map((m) => m.messageId),
        messages.map((m) => m.type),
        messages.map((m) => m.body),
        unbuilt?.type ?? null,
        unbuilt?.companies ?? [],
      ],
    };
  }

  /** The companies with an endpoint subscribed to a type of event. */
  async companiesSubscribedTo(type: WebhookEventType): Promise<string[]> {
    const rows = await this.db.query<Array<{ company_tax_id: string }>>(
      `SELECT DISTINCT company_tax_id FROM reimbursement.webhook_endpoints
       WHERE $1::text = ANY (event_types)`,
      [type],
    );
    return rows.map((r) => r.company_tax_id);
  }

  /** One endpoint's test message. */
  async enqueueFor(endpointId: string, message: WebhookMessage): Promise<void> {
    await this.db.query(
      `INSERT INTO reimbursement.webhook_deliveries (endpoint_id, message_id, event_type, body)
       VALUES ($1, $2, $3, $4)`,
      [endpointId, message.messageId, message.type, message.body],
    );
    await this.notify(this.db.manager);
  }

  /** Marks deliveries to send again (same webhook-id), from a time or from one message on. */
  async replay(endpointId: string, from: { since: Date } | { messageId: string }): Promise<number> {
    const [, count] = await this.db.query<[unknown, number]>(
      'since' in from
        ? `UPDATE reimbursement.webhook_deliveries SET delivered_at = NULL
           WHERE endpoint_id = $1 AND created_at >= $2 AND delivered_at IS NOT NULL`
        : `UPDATE reimbursement.webhook_deliveries SET delivered_at = NULL
           WHERE endpoint_id = $1 AND delivered_at IS NOT NULL AND delivery_id >= (
             SELECT delivery_id FROM reimbursement.webhook_deliveries
             WHERE endpoint_id = $1 AND message_id = $2)`,
      [endpointId, 'since' in from ? from.since : from.messageId],
    );
    if (count > 0) await this.notify(this.db.manager);
    return count;
  }

  async hasMessage(endpointId: string, messageId: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      'SELECT 1 FROM reimbursement.webhook_deliveries WHERE endpoint_id = $1 AND message_id = $2',
      [endpointId, messageId],
    );
    return rows.length > 0;
  }

  /** The delivery log, oldest first, after a delivery id. */
  async deliveries(endpointId: string, after: string, limit: number): Promise<WebhookDelivery[]> {
    return this.db.query<WebhookDelivery[]>(
      `SELECT ${DELIVERY} FROM reimbursement.webhook_deliveries d
       WHERE d.endpoint_id = $1 AND d.delivery_id > $2 ORDER BY d.delivery_id LIMIT $3`,
      [endpointId, after, limit],
    );
  }

  /** Delivery health per company with an endpoint (see CompanyDeliveryHealth). */
  async healthPerCompany(): Promise<CompanyDeliveryHealth[]> {
    return this.db.query<CompanyDeliveryHealth[]>(
      `SELECT e.company_tax_id AS "companyTaxId", count(*)::int AS endpoints,
              count(*) FILTER (WHERE e.status = 'disabled')::int AS "disabledEndpoints",
              coalesce(sum(d.delivered), 0)::int AS delivered,
              coalesce(sum(d.waiting) FILTER (WHERE e.status = 'enabled' AND e.failed_attempts = 0),
                       0)::int AS queued,
              coalesce(sum(d.waiting) FILTER (WHERE e.status = 'enabled' AND e.failed_attempts > 0),
                       0)::int AS retrying,
              coalesce(sum(d.waiting) FILTER (WHERE e.status = 'disabled'), 0)::int AS disabled
       FROM reimbursement.webhook_endpoints e
       LEFT JOIN LATERAL (
         SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL) AS delivered,
                count(*) FILTER (WHERE delivered_at IS NULL) AS waiting
         FROM reimbursement.webhook_deliveries WHERE endpoint_id = e.endpoint_id) d ON true
       GROUP BY e.company_tax_id ORDER BY e.company_tax_id`,
    );
  }

  /**
   * Enabled endpoints with a delivery due now. Run on every sweep and NOTIFY of every instance:
   * the status is a parameter so that the statement is prepared (PreparingClient prepares only
   * parameterised ones) instead of parsed and planned on each call.
   */
  async endpointsWithWork(): Promise<string[]> {
    const rows = await this.db.query<Array<{ endpoint_id: string }>>(
      `SELECT e.endpoint_id FROM reimbursement.webhook_endpoints e
       WHERE e.status = $1 AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= now())
         AND EXISTS (SELECT 1 FROM reimbursement.webhook_deliveries d
                     WHERE d.endpoint_id = e.endpoint_id AND d.delivered_at IS NULL)`,
      ['enabled'],
    );
    return rows.map((r) => r.endpoint_id);
  }

  /** The oldest undelivered message of an enabled endpoint, if the endpoint is due. */
  async nextDue(endpointId: string): Promise<DueDelivery | undefined> {
    const [row] = await this.db.query<DueDelivery[]>(
      `SELECT d.delivery_id::text AS "deliveryId", d.message_id AS "messageId", d.body, e.url,
              e.company_tax_id AS "companyTaxId", e.failing_since AS "failingSince",
              e.failed_attempts AS "failedAttempts"
       FROM reimbursement.webhook_endpoints e
       JOIN LATERAL (SELECT * FROM reimbursement.webhook_deliveries d
                     WHERE d.endpoint_id = e.endpoint_id AND d.delivered_at IS NULL
                     ORDER BY d.delivery_id LIMIT 1) d ON true
       WHERE e.endpoint_id = $1 AND e.status = 'enabled'
         AND (e.next_attempt_at IS NULL OR e.next_attempt_at <= now())`,
      [endpointId],
    );
    return row;
  }

  async delivered(endpointId: string, deliveryId: string, status: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE reimbursement.webhook_deliveries
           SET delivered_at = now(), attempts = attempts + 1, last_attempt_at = now(),
               last_status = $2, last_error = NULL
         WHERE delivery_id = $1`,
        [deliveryId, status],
      );
      await tx.query(
        `UPDATE reimbursement.webhook_endpoints
           SET failing_since = NULL, next_attempt_at = NULL, failed_attempts = 0
         WHERE endpoint_id = $1 AND failed_attempts > 0`,
        [endpointId],
      );
    });
  }

  /** A failed attempt: the endpoint waits `retryInMs`, or is disabled when `disable` says why. */
  async failed(
    endpointId: string,
    deliveryId: string,
    attempt: { status?: number; error: string },
    next: { retryInMs: number } | { disable: string },
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE reimbursement.webhook_deliveries
           SET attempts = attempts + 1, last_attempt_at = now(), last_status = $2, last_error = $3
         WHERE delivery_id = $1`,
        [deliveryId, attempt.status ?? null, attempt.error],
      );
      await tx.query(
        'disable' in next
          ? `UPDATE reimbursement.webhook_endpoints
               SET status = 'disabled', disabled_reason = $2, disabled_at = now(),
                   failed_attempts = failed_attempts + 1, next_attempt_at = NULL
             WHERE endpoint_id = $1`
          : `UPDATE reimbursement.webhook_endpoints
               SET failing_since = coalesce(failing_since, now()),
                   failed_attempts = failed_attempts + 1,
                   next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
             WHERE endpoint_id = $1`,
        [endpointId, 'disable' in next ? next.disable : next.retryInMs],
      );
    });
  }

  private async notify(tx: EntityManager): Promise<void> {
    await tx.query(`SELECT pg_notify('${DELIVERIES_CHANNEL}', '')`);
  }
}
