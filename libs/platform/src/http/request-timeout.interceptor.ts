import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  ServiceUnavailableException,
} from '@nestjs/common';
import { Observable } from 'rxjs';

/**
 * Answers 503 instead of letting a request hang past the configured time-out. One timer per
 * request rather than rxjs's `timeout` and `catchError` operators, which cost every request a
 * chain of subscribers; a handler that answers after the time-out is no longer listened to.
 */
@Injectable()
export class RequestTimeoutInterceptor implements NestInterceptor {
  constructor(private readonly ms: number) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return new Observable((subscriber) => {
      const timer = setTimeout(
        () => subscriber.error(new ServiceUnavailableException(`No answer within ${this.ms} ms`)),
        this.ms,
      );
      const handled = next.handle().subscribe(subscriber);
      return () => {
        clearTimeout(timer);
        handled.unsubscribe();
      };
    });
  }
}
