import { Reason } from './reasons';

declare const KERB_BOARD: string | undefined; // defined only in device builds

// The one error type the codecs throw: anything malformed becomes a ProtocolError with
// a reason code, never another exception (fuzzed in tests/protocol). A plain class:
// Espruino 2v29 cannot call super() in a class that extends Error. Device builds keep
// only the reason: their messages are stripped (tools/strip-messages.mjs), and the text
// form below is for host tools (String(e)).
export class ProtocolError {
  reason: number;
  message!: string;
  constructor(reason: number, message: string) {
    this.reason = reason;
    if (typeof KERB_BOARD === 'undefined') this.message = message;
  }
}
if (typeof KERB_BOARD === 'undefined') {
  ProtocolError.prototype.toString = function (this: ProtocolError): string {
    return 'ProtocolError(' + this.reason + '): ' + this.message;
  };
}

export function fail(message: string): never {
  throw new ProtocolError(Reason.MALFORMED, message);
}
