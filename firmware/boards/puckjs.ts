// Entry point for the puckjs board profile: wires the firmware to hal/espruino.
import { decodePayment } from '../../protocol/messages/payment';
import { decodeRequest } from '../../protocol/messages/request';

declare const global: Record<string, unknown>;
global.kerb = { decodePayment, decodeRequest, board: 'puckjs' };
