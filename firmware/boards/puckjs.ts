// Entry point for Puck.js: NFC tag emulation, LEDs instead of a screen, sales started over the host link (Serial1).
import { runTerminal } from './run';
import { createDeviceHal } from '../../hal/espruino/device';
import { PUCKJS } from '../../hal/espruino/boards';
import { drawRequestQr } from '../qr/render';

runTerminal(createDeviceHal(PUCKJS), drawRequestQr);
