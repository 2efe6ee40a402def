// Entry point for Espruino's Linux build: the host link on stdio, an offscreen display,
// no NFC. Tests and benchmarks drive it through the link; `kerb` is the running
// Terminal, reachable from code appended after the bundle.
import { runTerminal } from './run';
import { createDeviceHal } from '../../hal/espruino/device';
import { LINUX } from '../../hal/espruino/boards';
import { drawRequestQr } from '../qr/render';

declare const global: Record<string, unknown>;
global.kerb = runTerminal(createDeviceHal(LINUX), drawRequestQr);
// The Linux interpreter exits when nothing is scheduled; a terminal waits for its host.
setInterval(() => undefined, 3600000);
