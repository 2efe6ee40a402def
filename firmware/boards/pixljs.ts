// Entry point for Pixl.js: NFC tag emulation, 128×64 LCD, four buttons, host link on Serial1 (D0/D1).
import './run';
