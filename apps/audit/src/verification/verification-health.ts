import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HealthChecks } from '@taxchain/platform';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { BreakAlarm } from './break-alarm.service';
import { ContinuousVerification } from './continuous-verification.service';
import { HistorySweep } from './history-sweep.service';

/**
 * Adds the chains' verification state to /health as details. A broken chain is evidence to
 * act on, not a reason to restart the service, so it never turns the check down.
 */
@Injectable()
export class VerificationHealth implements OnModuleInit {
  constructor(
    private readonly checks: HealthChecks,
    private readonly alarm: BreakAlarm,
    private readonly continuous: ContinuousVerification,
    private readonly sweep: HistorySweep,
  ) {}

  onModuleInit(): void {
    this.checks.add(async (): Promise<HealthIndicatorResult> => ({
      verification: {
        status: 'up',
        brokenChains: this.alarm.brokenChains(),
        // Each broken chain's first bad seq, its reason and who found it.
        breaks: this.alarm.breaks(),
        lastVerified: this.continuous.lastVerified(),
        sweep: this.sweep.progress(),
      },
    }));
  }
}
