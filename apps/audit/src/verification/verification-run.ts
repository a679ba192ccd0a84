import type { ChainReport } from './chain-audit.service';

export const RUN_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

/** What a finished run keeps: every chain's verdict, or why the run failed. */
export interface RunResult {
  ok: boolean;
  chains: ChainReport[];
  error?: string;
}

export interface VerificationRun {
  id: string;
  state: RunState;
  done: number;
  total: number;
  startedBy: string;
  startedAt: Date;
  finishedAt: Date | null;
  result: RunResult | null;
}

/** Entries per second so far and the seconds left at that rate (null until measurable). */
export function runPace(
  run: VerificationRun,
  now: Date,
): { rate: number | null; etaSeconds: number | null } {
  const seconds = ((run.finishedAt ?? now).getTime() - run.startedAt.getTime()) / 1000;
  if (seconds <= 0 || run.done === 0) return { rate: null, etaSeconds: null };
  const rate = run.done / seconds;
  const etaSeconds = run.state === 'running' ? Math.max(0, (run.total - run.done) / rate) : 0;
  return { rate: Math.round(rate), etaSeconds: Math.ceil(etaSeconds) };
}
