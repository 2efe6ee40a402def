import { Reason } from './reasons';

// The one error type the codecs throw: anything malformed becomes a ProtocolError with
// a reason code, never another exception (fuzzed in tests/protocol). A plain class:
// Espruino 2v29 cannot call super() in a class that extends Error.
export class ProtocolError {
  reason: number;
  message: string;
  name: string;
  constructor(reason: number, message: string) {
    this.reason = reason;
    this.message = message;
    this.name = 'ProtocolError';
  }
  toString(): string {
    return 'ProtocolError(' + this.reason + '): ' + this.message;
  }
}

export function fail(message: string): never {
  throw new ProtocolError(Reason.MALFORMED, message);
}
