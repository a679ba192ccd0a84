import { DomainException } from '@taxchain/platform';

export enum KeysExceptionCode {
  /** Same type as the ValidationPipe's field errors, so clients handle both alike. */
  NotCanonical = 'validation-failed',
  WeakKey = 'weak-key',
  BadProof = 'bad-signature',
  SellerMismatch = 'seller-mismatch',
  KeyTaken = 'key-taken',
  KeyNotFound = 'key-not-found',
  MerchantNotFound = 'merchant-not-found',
  OthersDirectory = 'others-key-directory',
  KeyAlreadyRevoked = 'key-already-revoked',
  UnknownKey = 'unknown-key',
  RevokedKey = 'revoked-key',
}

/** Refusals of merchant key registration and use; nothing was written. */
export class KeysException extends DomainException {
  private constructor(
    code: KeysExceptionCode,
    detail: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(code, statusOf(code), titleOf(code), detail, extensions);
  }

  /** A signed document with no RFC 8785 form (a lone surrogate in a string) cannot be signed. */
  static notCanonical(problem: string): KeysException {
    return new KeysException(KeysExceptionCode.NotCanonical, problem, { errors: [problem] });
  }

  static weakKey(reason: string): KeysException {
    return new KeysException(KeysExceptionCode.WeakKey, `The public key is refused: ${reason}.`);
  }

  static badSignature(what: string): KeysException {
    return new KeysException(
      KeysExceptionCode.BadProof,
      `The signature does not verify over the canonical JSON of the ${what} with the key it names.`,
    );
  }

  static taxIdMismatch(taxId: string): KeysException {
    return new KeysException(
      KeysExceptionCode.SellerMismatch,
      `The document names tax ID ${taxId}, not the caller's.`,
    );
  }

  static keyTaken(keyId: string): KeysException {
    return new KeysException(
      KeysExceptionCode.KeyTaken,
      `Key ${keyId} is registered to another merchant.`,
    );
  }

  static notFound(keyId: string): KeysException {
    return new KeysException(KeysExceptionCode.KeyNotFound, `You have no key ${keyId}.`);
  }

  static merchantNotFound(taxId: string): KeysException {
    return new KeysException(
      KeysExceptionCode.MerchantNotFound,
      `No merchant with tax ID ${taxId} is registered.`,
    );
  }

  static othersDirectory(taxId: string): KeysException {
    return new KeysException(
      KeysExceptionCode.OthersDirectory,
      `A merchant reads its own key directory only, not that of ${taxId}.`,
    );
  }

  static alreadyRevoked(keyId: string): KeysException {
    return new KeysException(KeysExceptionCode.KeyAlreadyRevoked, `Key ${keyId} is revoked.`);
  }

  static unknownKey(keyId: string): KeysException {
    return new KeysException(
      KeysExceptionCode.UnknownKey,
      `Key ${keyId} is not registered to this merchant.`,
    );
  }

  static revokedKey(keyId: string): KeysException {
    return new KeysException(
      KeysExceptionCode.RevokedKey,
      `Key ${keyId} is revoked; sign with a current key.`,
    );
  }
}

function statusOf(code: KeysExceptionCode): number {
  switch (code) {
    case KeysExceptionCode.NotCanonical:
      return 400;
    case KeysExceptionCode.SellerMismatch:
    case KeysExceptionCode.OthersDirectory:
      return 403;
    case KeysExceptionCode.KeyNotFound:
    case KeysExceptionCode.MerchantNotFound:
      return 404;
    case KeysExceptionCode.KeyTaken:
    case KeysExceptionCode.KeyAlreadyRevoked:
      return 409;
    case KeysExceptionCode.WeakKey:
    case KeysExceptionCode.BadProof:
    case KeysExceptionCode.UnknownKey:
    case KeysExceptionCode.RevokedKey:
      return 422;
  }
}

function titleOf(code: KeysExceptionCode): string {
  switch (code) {
    case KeysExceptionCode.NotCanonical:
      return 'Bad Request';
    case KeysExceptionCode.WeakKey:
      return 'Weak public key';
    case KeysExceptionCode.BadProof:
      return 'Signature does not verify';
    case KeysExceptionCode.SellerMismatch:
      return 'Document names another merchant';
    case KeysExceptionCode.KeyTaken:
      return 'Key registered to another merchant';
    case KeysExceptionCode.KeyNotFound:
      return 'Key not found';
    case KeysExceptionCode.MerchantNotFound:
      return 'Merchant not found';
    case KeysExceptionCode.OthersDirectory:
      return "Another merchant's key directory";
    case KeysExceptionCode.KeyAlreadyRevoked:
      return 'Key already revoked';
    case KeysExceptionCode.UnknownKey:
      return 'Unknown signing key';
    case KeysExceptionCode.RevokedKey:
      return 'Revoked signing key';
  }
}
