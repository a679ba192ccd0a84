import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC, ROLES } from './access.decorators';
import { AccessException } from './access.exception';
import type { AuthenticatedRequest } from './caller';
import { CredentialVerifier } from './credential-verifier';
import type { CredentialRole } from './roles';

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

/**
 * Applied to every HTTP route: resolves `Authorization: Bearer <token>` to the caller (401 if
 * missing or invalid), then checks @Roles() (403). Kafka handlers are not HTTP and pass: their
 * messages are authenticated by the broker and by the ledger's signatures.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: CredentialVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw AccessException.missingCredential();
    const caller = await this.verifier.verify(token);
    if (!caller) throw AccessException.invalidCredential();
    request.caller = caller;
    const roles = this.reflector.getAllAndOverride<CredentialRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(caller.role)) throw AccessException.forbidden(caller.role, roles);
    return true;
  }
}
