import 'reflect-metadata';
import { runService } from '@taxchain/platform';
import { auditService } from './audit.service-definition';

void runService(auditService);
