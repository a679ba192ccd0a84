/** A small JSON client for the demo seed: retries what the API marks as retryable. */
export class DemoClient {
  constructor(private readonly baseUrl: string) {}

  async post<T>(
    token: string,
    path: string,
    body: unknown,
    attempts = 20,
  ): Promise<{ status: number; body: T; retried: boolean }> {
    for (let attempt = 1; ; attempt += 1) {
      const response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const retryAfter = response.headers.get('retry-after');
      if (
        (response.status === 503 ||
          response.status === 429 ||
          (response.status === 404 && retryAfter)) &&
        attempt < attempts
      ) {
        await new Promise((done) => setTimeout(done, Math.min(2_000, 100 * attempt)));
        continue;
      }
      return { status: response.status, body: (await response.json()) as T, retried: attempt > 1 };
    }
  }
}
