import { Metrics } from '../metrics/metrics.service';
import { wakeUpsWhileIdle } from './wake-ups';

/**
 * Run as a process of its own (node dist/…/idle-metrics.js): prints how many times its main
 * thread woke during a second of doing nothing while it holds the metrics of a service. Its own
 * process, because the event-loop delay samplers of every Metrics a test worker ever created
 * keep running and wake it together.
 */
async function main(): Promise<void> {
  const metrics = new Metrics();
  const wakeUps = await wakeUpsWhileIdle(1_000);
  await metrics.exposition();
  console.log(JSON.stringify({ wakeUps }));
}

void main();
