import { ServiceUnavailableException, type ExecutionContext } from '@nestjs/common';
import { Observable, lastValueFrom, of, throwError } from 'rxjs';
import { RequestTimeoutInterceptor } from './request-timeout.interceptor';

const CONTEXT = {} as ExecutionContext;
const answerOf = (interceptor: RequestTimeoutInterceptor, handled: Observable<unknown>) =>
  lastValueFrom(interceptor.intercept(CONTEXT, { handle: () => handled }));

/** Timers still armed in this process (a leaked one would fire a minute later). */
const armedTimers = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

describe(RequestTimeoutInterceptor.name, () => {
  it('answers 503 when the handler has not answered within the time-out', async () => {
    const hanging = new Promise<never>(() => undefined);
    const answer = answerOf(new RequestTimeoutInterceptor(20), new Observable(() => void hanging));
    await expect(answer).rejects.toThrow(ServiceUnavailableException);
    await expect(answer).rejects.toThrow('No answer within 20 ms');
  });

  it("passes the handler's answer and its errors through, and leaves no timer behind", async () => {
    const interceptor = new RequestTimeoutInterceptor(60_000);
    const refused = new Error('refused');
    const timersBefore = armedTimers();
    expect(await answerOf(interceptor, of({ issued: true }))).toEqual({ issued: true });
    await expect(
      answerOf(
        interceptor,
        throwError(() => refused),
      ),
    ).rejects.toBe(refused);
    expect(armedTimers()).toBe(timersBefore);
  });
});
