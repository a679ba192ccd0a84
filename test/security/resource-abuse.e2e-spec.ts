import { connect } from 'node:net';
import { issuingService } from '../../apps/issuing/src/issuing.service-definition';
import { recordReliability } from '../support/reliability-report';
import { httpCall, isProblem } from './support/http-call';
import { givenIssuingParties, type IssuingParties } from './support/issuing-client';
import { startSecurityPlatform, type SecurityPlatform } from './support/security-platform';

const BURST = 20;

/** Opens a socket that sends a request's headers one byte per interval; resolves when the server drops it. */
function slowClient(
  url: string,
  intervalMs: number,
): Promise<{ closedAfterMs: number; answer: string }> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  const request = `POST /invoices HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nX-Slow: ${'a'.repeat(10_000)}`;
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    let sent = 0;
    let answer = '';
    const timer = setInterval(() => socket.write(request[sent++ % request.length]), intervalMs);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ closedAfterMs: Date.now() - started, answer });
    });
  });
}

/**
 * Item 11: oversized and deeply nested bodies are refused (413, 400) before any handler, a
 * trickling client is cut off while others are served, and a tenant sending 10× its rate
 * limit gets 429 with Retry-After while another tenant is served normally.
 */
describe('resource abuse', () => {
  let platform: SecurityPlatform;
  let abuser: IssuingParties;
  let neighbour: IssuingParties;
  const figures: string[] = [];

  beforeAll(async () => {
    platform = await startSecurityPlatform(
      {
        RATE_LIMIT_BURST: String(BURST),
        // sustained: BURST per 10 s, so a flood spread over a slow second still meets the limit
        RATE_LIMIT_PER_SECOND: String(BURST / 10),
        HTTP_REQUEST_TIMEOUT_MS: '1000',
      },
      [issuingService],
    );
    abuser = await givenIssuingParties(platform);
    neighbour = await givenIssuingParties(platform);
  });

  afterAll(async () => {
    await platform?.close();
    recordReliability(
      'resource-abuse',
      ['| abuse | answer |', '| --- | --- |', ...figures].join('\n'),
    );
  });

  const health = () => httpCall(platform.urls.issuing, { method: 'GET', path: '/health' });

  it('refuses a body over the limit with 413 problem+json', async () => {
    const huge = { invoice: { note: 'x'.repeat(300 * 1024) }, signature: 'ab' };
    const answer = await abuser.post('/invoices', huge);
    expect(answer.status).toBe(413);
    expect(isProblem(answer)).toBe(true);
    expect(answer.json?.type).toBe('urn:taxchain:problem:payload-too-large');
    expect((await health()).status).toBe(200);
    figures.push('| 300 KiB body (limit 256 KiB) | 413 payload-too-large |');
  });

  it.each([
    ['arrays', (n: number) => '['.repeat(n) + ']'.repeat(n)],
    ['objects', (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)],
  ])('refuses JSON nested 10,000 deep (%s) with 400', async (kind, nest) => {
    const answer = await httpCall(platform.urls.issuing, {
      method: 'POST',
      path: '/invoices',
      token: abuser.token,
      raw: nest(10_000),
    });
    expect(answer.status).toBe(400);
    expect(answer.json?.type).toBe('urn:taxchain:problem:json-too-deep');
    expect((await health()).status).toBe(200);
    figures.push(`| ${kind} nested 10,000 deep | 400 json-too-deep |`);
  });

  it('cuts off a client trickling its headers, serving others meanwhile', async () => {
    const slow = slowClient(platform.urls.issuing, 200);
    for (let i = 0; i < 5; i++) {
      await new Promise((done) => setTimeout(done, 500));
      expect((await neighbour.post('/keys', neighbour.signer.registration())).status).toBe(200);
    }
    const { closedAfterMs, answer } = await slow;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await health()).status).toBe(200);
    figures.push(
      `| headers trickled one byte per 200 ms | 408, connection closed after ${(closedAfterMs / 1000).toFixed(1)} s; other requests answered meanwhile |`,
    );
  }, 90_000);

  it('answers 10× the rate limit with 429 and Retry-After, while another tenant is served', async () => {
    const flood = await Promise.all(
      Array.from({ length: BURST * 10 }, () =>
        httpCall(platform.urls.issuing, { method: 'GET', path: '/keys', token: abuser.token }),
      ),
    );
    const limited = flood.filter((answer) => answer.status === 429);
    expect(flood.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(BURST);
    expect(limited.length).toBeGreaterThanOrEqual(BURST * 9);
    for (const answer of limited) {
      expect(isProblem(answer)).toBe(true);
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    const served = await httpCall(platform.urls.issuing, {
      method: 'GET',
      path: '/keys',
      token: neighbour.token,
    });
    expect(served.status).toBe(200);
    figures.push(
      `| ${BURST * 10} requests at once from one tenant (limit ${BURST} per 1 s and per 10 s) | ${flood.length - limited.length} × 200, ${limited.length} × 429 with Retry-After; the other tenant answered 200 |`,
    );
  });
});
