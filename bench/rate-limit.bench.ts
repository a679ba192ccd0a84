import { loadavg } from 'node:os';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import { RateLimitStorage } from '@taxchain/platform/access/rate-limit.storage';

/**
 * CPU per request of the rate limit's counting (issue #17): @nestjs/throttler's own storage, which
 * main uses, against RateLimitStorage, in one process, alternating rounds. A request counts in
 * both windows RateLimitGuard keeps, 1 s and 10 s, for one credential sending `rate` requests a
 * second; the limits are set above the rate so that every hit stays in the window (as they must
 * be for a merchant sending that many), so the 10 s window holds 10 × rate hits. The clock is
 * simulated: each request moves it on by 1 / rate s, so the windows are as full as in real time.
 *   node dist/bench/rate-limit.bench.js [rounds] [requests] [rates, default 150,1500]
 * (5000 is a rate too, but the library's storage takes minutes of CPU to fill its window.)
 */
const WINDOWS = [
  { name: 'default', ttl: 1_000 },
  { name: 'sustained', ttl: 10_000 },
];

async function microsecondsPerRequest(storage: ThrottlerStorage, rate: number, requests: number) {
  let now = Date.parse('2026-12-08T00:00:00Z');
  const realNow = Date.now;
  Date.now = () => now;
  try {
    const send = async (n: number) => {
      for (let i = 0; i < n; i++) {
        now += 1_000 / rate;
        for (const { name, ttl } of WINDOWS) {
          const limit = (2 * rate * ttl) / 1_000;
          await storage.increment(`${name}:credential:bench`, ttl, limit, ttl, name);
        }
      }
    };
    await send(rate * 11); // fills both windows
    const before = process.cpuUsage();
    await send(requests);
    const used = process.cpuUsage(before);
    return (used.user + used.system) / requests;
  } finally {
    Date.now = realNow;
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 3);
  const requests = Number(process.argv[3] ?? 5_000);
  const rates = (process.argv[4] ?? '150,1500').split(',').map(Number);
  console.log(JSON.stringify({ loadAverage: loadavg()[0], rounds, requests }));
  for (let round = 1; round <= rounds; round++) {
    for (const rate of rates) {
      const library = new ThrottlerStorageService();
      const before = await microsecondsPerRequest(library, rate, requests);
      library.onApplicationShutdown();
      const after = await microsecondsPerRequest(new RateLimitStorage(), rate, requests);
      console.log(JSON.stringify({ round, rate, hitsIn10s: rate * 10, before, after }));
    }
  }
  console.log(JSON.stringify({ loadAverage: loadavg()[0] }));
}

void main();
