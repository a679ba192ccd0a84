import 'reflect-metadata';
import { runService } from '@taxchain/platform';
import { issuingService } from './issuing.service-definition';

void runService(issuingService);
