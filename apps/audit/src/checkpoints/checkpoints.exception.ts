import { DomainException } from '@taxchain/platform';

export enum CheckpointsExceptionCode {
  NoCheckpointNote = 'no-checkpoint-note',
}

/** Refusals of the public checkpoint notes. */
export class CheckpointsException extends DomainException {
  private constructor(code: CheckpointsExceptionCode, detail: string) {
    super(code, statusOf(code), titleOf(code), detail);
  }

  static noNote(chain: number, chains: number): CheckpointsException {
    return new CheckpointsException(
      CheckpointsExceptionCode.NoCheckpointNote,
      chain < chains
        ? `Chain ${chain} has no checkpoint note yet.`
        : `There is no chain ${chain}: the ledger has chains 0 to ${chains - 1}.`,
    );
  }
}

function statusOf(code: CheckpointsExceptionCode): number {
  switch (code) {
    case CheckpointsExceptionCode.NoCheckpointNote:
      return 404;
  }
}

function titleOf(code: CheckpointsExceptionCode): string {
  switch (code) {
    case CheckpointsExceptionCode.NoCheckpointNote:
      return 'No checkpoint note';
  }
}
