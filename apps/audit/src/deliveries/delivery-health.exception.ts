import { DomainException } from '@taxchain/platform';

/** The reimbursement service, which counts deliveries, did not answer. */
export class DeliveryHealthException extends DomainException {
  private constructor(detail: string) {
    super('reimbursement-unavailable', 503, 'Reimbursement service unavailable', detail);
  }

  static unavailable(reason: string): DeliveryHealthException {
    return new DeliveryHealthException(
      `The reimbursement service, which counts webhook deliveries, did not answer (${reason}); try again.`,
    );
  }
}
