// Entry point for the banglejs2 board profile: wires the firmware to hal/espruino.
import { decodePayment } from '../../protocol/messages/payment';
import { decodeRequest } from '../../protocol/messages/request';

declare const global: Record<string, unknown>;
global.kerb = { decodePayment, decodeRequest, board: 'banglejs2' };
