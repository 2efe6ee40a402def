// Entry point for Pixl.js: NFC tag emulation, 128×64 LCD, four buttons, host link on Serial1 (D0/D1).
import { runTerminal } from './run';
import { createDeviceHal } from '../../hal/espruino/device';
import { PIXLJS } from '../../hal/espruino/boards';
import { drawRequestQr } from '../qr/render';

runTerminal(createDeviceHal(PIXLJS), drawRequestQr);
