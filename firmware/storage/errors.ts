import { Reason } from '../../protocol/reasons';

// Why storage refused: JOURNAL_FULL or STORAGE_FAILURE (protocol/reasons.ts), so the
// terminal can refuse a sale with a reason before it would show APPROVED. A plain
// class: Espruino 2v29 cannot call super() in a class that extends Error.
export class StorageError {
  reason: number;
  message: string;
  name: string;
  constructor(reason: number, message: string) {
    this.reason = reason;
    this.message = message;
    this.name = 'StorageError';
  }
  toString(): string {
    return 'StorageError(' + this.reason + '): ' + this.message;
  }
}

export function storageFailure(message: string, cause: unknown): StorageError {
  if (cause instanceof StorageError) return cause;
  const detail = cause && (cause as { message?: string }).message;
  return new StorageError(Reason.STORAGE_FAILURE, message + (detail ? ': ' + detail : ''));
}
