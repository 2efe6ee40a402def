import { Reason } from '../../protocol/reasons';
import { ProtocolError } from '../../protocol/errors';

// Why storage refused: JOURNAL_FULL or STORAGE_FAILURE (protocol/reasons.ts), so the
// terminal can refuse a sale with a reason before it would show APPROVED.
export class StorageError extends ProtocolError {
  constructor(reason: number, message: string) {
    super(reason, message);
    this.name = 'StorageError';
  }
  override toString(): string {
    return 'StorageError(' + this.reason + '): ' + this.message;
  }
}

export function storageFailure(message: string, cause: unknown): StorageError {
  if (cause instanceof StorageError) return cause;
  const detail = cause && (cause as { message?: string }).message;
  return new StorageError(Reason.STORAGE_FAILURE, message + (detail ? ': ' + detail : ''));
}
