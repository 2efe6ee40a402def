// Entry point for Bangle.js 2: 176×176 screen, no NFC (payments arrive over the Bluetooth host link).
import './run';
