import 'reflect-metadata';
import { runService } from '@taxchain/platform';
import { reimbursementService } from './reimbursement.service-definition';

void runService(reimbursementService);
