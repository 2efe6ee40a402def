// Entry point for Puck.js: NFC tag emulation, LEDs instead of a screen, sales started over the host link (Serial1).
import './run';
