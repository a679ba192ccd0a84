import {
  SetMetadata,
  applyDecorators,
  createParamDecorator,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiProblemResponse } from '../errors/api-problem';
import { AccessException } from './access.exception';
import type { AuthenticatedRequest, Caller } from './caller';
import type { CredentialRole } from './roles';

export const IS_PUBLIC = 'taxchain:public';
export const ROLES = 'taxchain:roles';

/**
 * Opens a route to callers without a credential (health, metrics). /docs and /docs-json are
 * plain Express routes outside Nest, so no guard ever sees them: they need no marking.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * Restricts a route (or every route of a controller) to credentials of these roles, and
 * documents the bearer scheme and the 401, 403 and 429 answers. Routes with neither this nor
 * @Public() accept any valid credential.
 */
export const Roles = (...roles: CredentialRole[]): MethodDecorator & ClassDecorator =>
  applyDecorators(
    SetMetadata(ROLES, roles),
    ApiBearerAuth(),
    ApiProblemResponse(
      401,
      [
        {
          code: 'unauthorized',
          title: 'Credential required',
          detail: 'The credential is not valid or has been revoked.',
        },
      ],
      { 'WWW-Authenticate': 'Bearer realm="taxchain", error="invalid_token" when one was sent' },
    ),
    ...forbiddenAnswer(roles),
    ApiProblemResponse(
      429,
      [
        {
          code: 'rate-limited',
          title: 'Rate limit exceeded',
          detail: 'Too many requests for this credential; retry after 1 s.',
        },
      ],
      { 'Retry-After': 'Seconds until this credential may call again' },
    ),
  );

/** Which refused role a 403 example names: a party's first, the likelier caller to go astray. */
const EXAMPLE_ORDER: readonly CredentialRole[] = ['merchant', 'company', 'official', 'admin'];

/**
 * The 403 a route answers a role it refuses, documented with the very detail the guard sends
 * that role; a route every role may call has none to document.
 */
function forbiddenAnswer(roles: readonly CredentialRole[]): MethodDecorator[] {
  const refused = EXAMPLE_ORDER.find((role) => !roles.includes(role));
  if (!refused) return [];
  const example = AccessException.forbidden(refused, roles);
  return [
    ApiProblemResponse(403, [
      { code: 'forbidden', title: example.title, detail: example.detail ?? example.message },
    ]),
  ];
}

/** The authenticated caller of the current request. */
export const CurrentCaller = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Caller => {
    const caller = context.switchToHttp().getRequest<AuthenticatedRequest>().caller;
    // Only a @Public() route has no caller, and such a route has no business asking for one.
    if (!caller) throw new Error('@CurrentCaller() used on a route without authentication');
    return caller;
  },
);
