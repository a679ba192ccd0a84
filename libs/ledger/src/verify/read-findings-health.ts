import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { HealthChecks } from '@taxchain/platform';
import { ReadFindings } from './read-findings';

/**
 * Names in /health, in every service, the ledger entries a read refused to serve and no
 * verification has resolved yet: chain, first bad seq and reason. Evidence to act on, not a
 * reason to restart the service, so it never turns the check down.
 */
@Injectable()
export class ReadFindingsHealth implements OnModuleInit {
  constructor(
    private readonly checks: HealthChecks,
    private readonly findings: ReadFindings,
  ) {}

  onModuleInit(): void {
    this.checks.add(async (): Promise<HealthIndicatorResult> => {
      // Unreadable while the database is down, which the database check already reports.
      const open = await this.findings.open().catch(() => undefined);
      if (!open) return { ledgerReads: { status: 'up', refused: null } };
      const first = new Map<number, (typeof open)[number]>();
      for (const finding of open) if (!first.has(finding.chain)) first.set(finding.chain, finding);
      return { ledgerReads: { status: 'up', refused: [...first.values()] } };
    });
  }
}
