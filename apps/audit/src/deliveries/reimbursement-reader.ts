import { Injectable } from '@nestjs/common';
import type { DeliveryHealthList } from '@taxchain/contracts';
import { InjectConfig, type AppConfig } from '@taxchain/platform';
import { DeliveryHealthException } from './delivery-health.exception';

const TIMEOUT_MS = 5_000;

/**
 * Reads the reimbursement service over HTTP (REIMBURSEMENT_URL), as the official calling the
 * audit service: the delivery outbox is the reimbursement service's own schema, and no service
 * reads another's tables.
 */
@Injectable()
export class ReimbursementReader {
  private readonly baseUrl: string;

  constructor(@InjectConfig() config: AppConfig) {
    this.baseUrl = config.REIMBURSEMENT_URL ?? `http://127.0.0.1:${config.REIMBURSEMENT_PORT}`;
  }

  async deliveryHealth(authorization: string): Promise<DeliveryHealthList> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/webhooks/health`, {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw DeliveryHealthException.unavailable((error as Error).message);
    }
    if (!response.ok) throw DeliveryHealthException.unavailable(`HTTP ${response.status}`);
    return (await response.json()) as DeliveryHealthList;
  }
}
