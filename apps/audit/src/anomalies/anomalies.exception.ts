import { DomainException } from '@taxchain/platform';

export enum AnomaliesExceptionCode {
  AnomalyNotFound = 'anomaly-not-found',
  AlreadyDecided = 'anomaly-already-decided',
}

/** Refusals of the anomaly review API. */
export class AnomaliesException extends DomainException {
  private constructor(code: AnomaliesExceptionCode, detail: string) {
    super(code, statusOf(code), titleOf(code), detail);
  }

  static notFound(id: string): AnomaliesException {
    return new AnomaliesException(
      AnomaliesExceptionCode.AnomalyNotFound,
      `No anomaly ${id} exists.`,
    );
  }

  static alreadyDecided(id: string, status: string): AnomaliesException {
    return new AnomaliesException(
      AnomaliesExceptionCode.AlreadyDecided,
      `Anomaly ${id} is already ${status}.`,
    );
  }
}

function statusOf(code: AnomaliesExceptionCode): number {
  switch (code) {
    case AnomaliesExceptionCode.AnomalyNotFound:
      return 404;
    case AnomaliesExceptionCode.AlreadyDecided:
      return 409;
  }
}

function titleOf(code: AnomaliesExceptionCode): string {
  switch (code) {
    case AnomaliesExceptionCode.AnomalyNotFound:
      return 'Anomaly not found';
    case AnomaliesExceptionCode.AlreadyDecided:
      return 'Anomaly already decided';
  }
}
