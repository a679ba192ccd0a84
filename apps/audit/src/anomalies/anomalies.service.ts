import { Injectable } from '@nestjs/common';
import { AnomaliesRepository, type AnomalyFilter } from './anomalies.repository';
import type { Anomaly, AnomalyStatus } from './anomaly';
import { AnomaliesException } from './anomalies.exception';

/** Officials review findings: each is acknowledged or dismissed once, by a named credential. */
@Injectable()
export class AnomaliesService {
  constructor(private readonly anomalies: AnomaliesRepository) {}

  list(filter: AnomalyFilter, page: { cursor?: string; limit: number }) {
    return this.anomalies.list(filter, page);
  }

  counts() {
    return this.anomalies.counts();
  }

  async one(id: string): Promise<Anomaly> {
    const anomaly = await this.anomalies.find(id);
    if (!anomaly) throw AnomaliesException.notFound(id);
    return anomaly;
  }

  async decide(
    id: string,
    status: Exclude<AnomalyStatus, 'open'>,
    credentialId: string,
  ): Promise<Anomaly> {
    const decided = await this.anomalies.decide(id, status, credentialId);
    if (decided) return decided;
    const existing = await this.anomalies.find(id);
    if (!existing) throw AnomaliesException.notFound(id);
    throw AnomaliesException.alreadyDecided(id, existing.status);
  }
}
