import type { CredentialRole } from '@taxchain/platform/access/store';
import { DomainException } from '@taxchain/platform/errors/domain.exception';

export enum PartiesExceptionCode {
  /** Same type as the ValidationPipe's field errors, so clients handle both alike. */
  InvalidTaxId = 'validation-failed',
  DuplicateTaxId = 'duplicate-tax-id',
  PartyNotFound = 'party-not-found',
  RoleNotHeld = 'role-not-held',
  CredentialNotFound = 'credential-not-found',
  CredentialRevoked = 'credential-revoked',
}

/** Refusals of the tax authority's party and credential administration. */
export class PartiesException extends DomainException {
  private constructor(
    code: PartiesExceptionCode,
    detail: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(code, statusOf(code), titleOf(code), detail, extensions);
  }

  static invalidTaxId(reason: string): PartiesException {
    const error = `taxId ${reason}`;
    return new PartiesException(PartiesExceptionCode.InvalidTaxId, error, { errors: [error] });
  }

  static duplicateTaxId(taxId: string): PartiesException {
    return new PartiesException(
      PartiesExceptionCode.DuplicateTaxId,
      `A party with tax ID ${taxId} is already registered.`,
    );
  }

  static partyNotFound(taxId: string): PartiesException {
    return new PartiesException(
      PartiesExceptionCode.PartyNotFound,
      `No party with tax ID ${taxId} is registered.`,
    );
  }

  static roleNotHeld(taxId: string, role: CredentialRole): PartiesException {
    return new PartiesException(
      PartiesExceptionCode.RoleNotHeld,
      `Party ${taxId} is not registered as a ${role}.`,
    );
  }

  static credentialNotFound(id: string): PartiesException {
    return new PartiesException(
      PartiesExceptionCode.CredentialNotFound,
      `No credential ${id} exists.`,
    );
  }

  static credentialRevoked(id: string): PartiesException {
    return new PartiesException(
      PartiesExceptionCode.CredentialRevoked,
      `Credential ${id} is revoked; issue a new one instead.`,
    );
  }
}

function statusOf(code: PartiesExceptionCode): number {
  switch (code) {
    case PartiesExceptionCode.InvalidTaxId:
      return 400;
    case PartiesExceptionCode.PartyNotFound:
    case PartiesExceptionCode.CredentialNotFound:
      return 404;
    case PartiesExceptionCode.DuplicateTaxId:
    case PartiesExceptionCode.CredentialRevoked:
      return 409;
    case PartiesExceptionCode.RoleNotHeld:
      return 422;
  }
}

function titleOf(code: PartiesExceptionCode): string {
  switch (code) {
    case PartiesExceptionCode.InvalidTaxId:
      return 'Bad Request';
    case PartiesExceptionCode.DuplicateTaxId:
      return 'Tax ID already registered';
    case PartiesExceptionCode.PartyNotFound:
      return 'Party not found';
    case PartiesExceptionCode.RoleNotHeld:
      return 'Party does not hold this role';
    case PartiesExceptionCode.CredentialNotFound:
      return 'Credential not found';
    case PartiesExceptionCode.CredentialRevoked:
      return 'Credential revoked';
  }
}
