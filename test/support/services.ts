import type { ServiceDefinition } from '@taxchain/platform';
import { issuingService } from '../../apps/issuing/src/issuing.service-definition';
import { reimbursementService } from '../../apps/reimbursement/src/reimbursement.service-definition';
import { auditService } from '../../apps/audit/src/audit.service-definition';

/** The three services, for tests that treat them alike. */
export const allServices: ServiceDefinition[] = [
  issuingService,
  reimbursementService,
  auditService,
];
