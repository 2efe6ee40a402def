import { Terminal, type View } from '../terminal/terminal';
import { LinkDispatcher } from '../link/dispatcher';
import { saleRequests } from '../terminal/link-sale';
import { screenView } from '../terminal/screens';
import { LedView } from '../terminal/led-view';
import { drawRequestQr } from '../qr/render';
import { battery, clock, crc, crypto, gfx, leds, maintenance, openLink, openNfc, openStore, rng, watchButtons } from '../../hal/espruino/device';

// Boots the terminal on the board this bundle is built for (KERB.*:
// hal/espruino/boards.mjs): importing the HAL moved the console off the link line; then
// storage scan and risk rebuild, NFC, link, keys, screen. Top-level statements rather
// than a boot function: they run once and leave no function object behind, and the
// callbacks below reach the terminal as a global.
const view: View | undefined = KERB.display !== 'none' ? screenView(gfx!, drawRequestQr)
  : KERB.leds ? new LedView(leds) : undefined;
const serve = KERB.nfc ? openNfc((p) => terminal.tap(p)) : undefined;
export const terminal: Terminal = new Terminal({
  board: KERB.board, firmware: 'kerb-0.1.0', crypto, clock, rng,
  store: openStore(), battery: KERB.battery ? battery : undefined, view, maintenance, serve,
});
const link = new LinkDispatcher(terminal, crc, openLink((b) => link.feed(b)));
link.extra = saleRequests(terminal);
watchButtons((k) => terminal.press(k));
terminal.boot();
