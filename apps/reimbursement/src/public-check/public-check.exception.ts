import { DomainException } from '@taxchain/platform';

export enum PublicCheckExceptionCode {
  NoMatch = 'no-match',
}

export const NO_MATCH_DETAIL =
  'No invoice has these four facts (number, issue date, check code and gross amount).';

/**
 * The only refusal of the public check: one body whichever fact is wrong, and whether or not
 * the number exists, so a caller learns nothing from a miss.
 */
export class PublicCheckException extends DomainException {
  private constructor() {
    super(PublicCheckExceptionCode.NoMatch, 404, 'No matching invoice', NO_MATCH_DETAIL);
  }

  static noMatch(): PublicCheckException {
    return new PublicCheckException();
  }
}
