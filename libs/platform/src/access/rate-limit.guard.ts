import { Injectable, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerOptions,
} from '@nestjs/throttler';
import type { AppConfig } from '../config/config.schema';
import { AccessException } from './access.exception';
import type { AuthenticatedRequest } from './caller';

const PUBLIC_CHECK = 'taxchain:public-check';
const reflector = new Reflector();

/**
 * Holds a route to the `public-check` budget as well: PUBLIC_CHECK_PER_MINUTE per client
 * address, whatever credential it sends, so guessing invoice facts stays slow.
 */
export const PublicCheckLimit = (): MethodDecorator => SetMetadata(PUBLIC_CHECK, true);

/**
 * The two windows every caller is held to: a burst cap over one second, and the sustained rate
 * over ten; and the per-minute budget of the public checks. Counters live in this instance's
 * memory, so N instances allow N times the rate; a shared throttler storage (Redis) would make
 * the limit global.
 */
export function rateLimits(config: AppConfig): ThrottlerOptions[] {
  return [
    { name: 'default', ttl: 1_000, limit: config.RATE_LIMIT_BURST },
    { name: 'sustained', ttl: 10_000, limit: config.RATE_LIMIT_PER_SECOND * 10 },
    {
      name: 'public-check',
      ttl: 60_000,
      limit: config.PUBLIC_CHECK_PER_MINUTE,
      skipIf: (context: ExecutionContext) =>
        !reflector.get<boolean | undefined>(PUBLIC_CHECK, context.getHandler()),
      getTracker: (request: Record<string, unknown>) => `ip:${String(request.ip)}`,
    },
  ];
}

/**
 * Counts requests per credential across all routes (per IP for public routes). Runs after
 * AuthGuard, which has put the caller on the request; refusals are 429 problems with
 * Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
  }

  protected override async getTracker(request: AuthenticatedRequest): Promise<string> {
    return request.caller ? `credential:${request.caller.credentialId}` : `ip:${request.ip}`;
  }

  // The default key includes the route; one budget per caller for the whole service.
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string) {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    throw AccessException.rateLimited(Math.max(1, detail.timeToBlockExpire));
  }
}
