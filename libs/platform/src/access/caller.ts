import type { Request } from 'express';
import type { CredentialRole, PartyRole } from './roles';

export interface CallerParty {
  id: string;
  taxId: string;
  name: string;
  roles: PartyRole[];
}

/** Who is calling: set on the request by AuthGuard, read with @CurrentCaller(). */
export interface Caller {
  credentialId: string;
  role: CredentialRole;
  /** The party a merchant or company credential acts for; absent for officials and admins. */
  party?: CallerParty;
}

export interface AuthenticatedRequest extends Request {
  caller?: Caller;
}
