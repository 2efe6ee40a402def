import { createDeviceCrypto } from '../../protocol/crypto/device';
import { seededRandom } from '../../protocol/crypto/host';
import { decodeRecord } from '../../protocol/messages/record';
import { equalBytes } from '../../protocol/bytes';
import { createSimTerminal, type SimTerminal } from '../../hal/sim/terminal';
import { simFlashSet, type SimFlashSet } from '../../hal/sim/flash-store';
import { SimClock } from '../../hal/sim/clock';
import { SimDisplay } from '../../hal/sim/display';
import { screenView, screenOf } from '../../firmware/terminal/screens';
import type { Terminal } from '../../firmware/terminal/terminal';
import { drawRequestQr } from '../../firmware/qr/render';

const SCREEN_NAMES = ['idle', 'amount', 'qr', 'approved', 'declined', 'sync-needed', 'error'];

// One simulated terminal of the demo: the real firmware with the device crypto on the
// simulated HAL, its flash laid out as the Linux build's (416 sales; a Pixl.js has room
// for far fewer beside today's image: README "Design limits"), a 128×64 screen, and power that the
// demo can cut. reboot() is what the vendor sees after a cut: the firmware starts again
// on whatever the flash holds.
export class TerminalRig {
  name: string;
  flash: SimFlashSet;
  clock: SimClock;
  display: SimDisplay;
  sim: SimTerminal;
  framesDir: string | null;
  savedScreens: Set<string>;
  seed: string;
  boots: number;

  constructor(name: string, seed: string, framesDir: string | null) {
    this.name = name;
    this.seed = seed;
    this.framesDir = framesDir;
    this.flash = simFlashSet({ board: 'linux', seed: Number.parseInt(seed.slice(-6), 36) || 1 });
    this.clock = new SimClock();
    this.display = new SimDisplay(128, 64);
    this.savedScreens = new Set();
    this.boots = 0;
    this.sim = this.boot();
  }

  boot(): SimTerminal {
    this.boots++;
    const screens = screenView(this.display, drawRequestQr);
    const view = {
      show: (t: Terminal) => {
        if (this.powerFailed) return; // no power, no screen: what it drew after the cut never shows
        screens.show(t);
        const screen = SCREEN_NAMES[screenOf(t)];
        // The first frame of each kind is kept; the PNGs of 300 sales would only slow the day.
        if (this.framesDir && !this.savedScreens.has(screen)) {
          this.savedScreens.add(screen);
          this.display.saveFrame(this.framesDir, `${this.name}-${screen}`, 3);
        }
      },
    };
    const crypto = createDeviceCrypto({ random: seededRandom(`${this.seed}-crypto-${this.boots}`) });
    this.sim = createSimTerminal({
      store: this.flash.reopen(), clock: this.clock, crypto, view,
      seed: `${this.seed}-boot-${this.boots}`,
    });
    return this.sim;
  }

  get terminal(): Terminal {
    return this.sim.terminal;
  }

  get powerFailed(): boolean {
    return this.flash.rail.frozen;
  }

  // Cuts power during the flash operation `ahead` operations from now (torn or clean).
  schedulePowerCut(ahead: number, torn: boolean): void {
    this.flash.rail.scheduleCut(this.flash.rail.operations + ahead, torn);
  }

  // Power comes back: the firmware boots on what the cut left in flash.
  restore(): void {
    this.flash.rail.powerOn();
    this.boot();
  }

  // The sequence number of a stored record answering `challenge`, or 0.
  storedSaleFor(challenge: Uint8Array): number {
    const store = this.sim.store;
    for (let seq = store.lastSeq(); seq >= store.firstUnackedSeq() && seq > 0; seq--) {
      const bytes = store.read(seq);
      if (bytes && equalBytes(decodeRecord(bytes).challenge, challenge)) return seq;
    }
    return 0;
  }

  // Records the terminal still holds (not yet acknowledged by the ledger).
  held(): number {
    const store = this.sim.store;
    return store.lastSeq() - store.firstUnackedSeq() + 1;
  }
}
