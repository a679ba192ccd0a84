import { readFileSync } from 'node:fs';

/** Resident set size of a process in MiB, from /proc (undefined once it is gone). */
export function rssMiB(pid: number): number | undefined {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib ? Math.round(Number(kib) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Each named process's RSS when idle and its peak while sampling runs. */
export interface MemoryResult {
  idleMiB: Record<string, number>;
  peakMiB: Record<string, number>;
}

/** Samples the RSS of named processes every `everyMs` between start() and stop(). */
export class MemorySampler {
  private readonly idle: Record<string, number> = {};
  private readonly peak: Record<string, number> = {};
  private timer?: NodeJS.Timeout;

  constructor(private readonly processes: Record<string, number>) {}

  /** Records the idle figure now, then starts sampling the peak. */
  start(everyMs = 250): void {
    for (const [name, pid] of Object.entries(this.processes)) this.idle[name] = rssMiB(pid) ?? 0;
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): MemoryResult {
    clearInterval(this.timer);
    this.sample();
    return { idleMiB: { ...this.idle }, peakMiB: { ...this.peak } };
  }

  private sample(): void {
    for (const [name, pid] of Object.entries(this.processes))
      this.peak[name] = Math.max(this.peak[name] ?? 0, rssMiB(pid) ?? 0);
  }
}
