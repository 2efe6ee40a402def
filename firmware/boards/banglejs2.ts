// Entry point for Bangle.js 2: 176×176 screen, no NFC (payments arrive over the Bluetooth host link).
import { runTerminal } from './run';
import { createDeviceHal } from '../../hal/espruino/device';
import { BANGLEJS2 } from '../../hal/espruino/boards';
import { drawRequestQr } from '../qr/render';

runTerminal(createDeviceHal(BANGLEJS2), drawRequestQr);
