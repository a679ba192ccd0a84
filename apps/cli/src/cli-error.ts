/** Exit codes: what a script calling the CLI branches on. */
export enum ExitCode {
  Ok = 0,
  /** The server refused the request (problem+json), or could not be reached. */
  Refused = 1,
  /** The command line or an input file is wrong; nothing was sent. */
  BadInput = 2,
  /** A proof did not verify: the record or the checkpoint is not what the authority signed. */
  VerificationFailed = 3,
}

/** An expected failure: printed as its message, then the process exits with its code. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }

  static badInput(message: string): CliError {
    return new CliError(ExitCode.BadInput, message);
  }
}
