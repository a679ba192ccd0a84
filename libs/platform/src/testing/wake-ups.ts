import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * How many times this process's main thread went to sleep and was woken during `ms` of doing
 * nothing (Linux: its voluntary context switches): each timer firing or socket event is one.
 */
export async function wakeUpsWhileIdle(ms: number): Promise<number> {
  const before = mainThreadWakeUps();
  await sleep(ms);
  return mainThreadWakeUps() - before;
}

function mainThreadWakeUps(): number {
  const status = readFileSync(`/proc/self/task/${process.pid}/status`, 'utf8');
  return Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1]);
}
