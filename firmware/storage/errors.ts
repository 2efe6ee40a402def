import { Reason } from '../../protocol/reasons';
import { ProtocolError } from '../../protocol/errors';

// Why storage refused, as a reason code (JOURNAL_FULL, STORAGE_FAILURE, MALFORMED,
// UNKNOWN_RECORD: protocol/reasons.ts), so the terminal can refuse a sale before it
// would show APPROVED. The protocol's one error type: callers only need the reason.
export const StorageError = ProtocolError;
export type StorageError = ProtocolError;

// Any failure underneath (the flash driver's errors) becomes a STORAGE_FAILURE.
export function toStorageError(cause: unknown): StorageError {
  return cause instanceof ProtocolError ? cause : new ProtocolError(Reason.STORAGE_FAILURE, 'storage failure: ' + ((cause && (cause as Error).message) || cause));
}
