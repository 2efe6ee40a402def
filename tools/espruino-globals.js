// Injected into the shipped device build, then removed by tools/espruino-names.mjs: the
// bundle's names are top-level there (they become Espruino globals), and naming these
// Espruino globals here makes esbuild's minifier leave them alone, as it does every
// global the code uses. Short ones only: minified names are one or two characters.
__kerbReserved(E, g, D0, D1, D2, D3, D4, D5, D6, D7, D8, D9, D10, D11, D12, D13, D14, D15, D16, D17, D18, D19, D20, D21, D22, D23, D24, D25, D26, D27, D28, D29, D30, D31, A0, A1, A2, A3, A4, A5, A6, A7, LED, BTN, NRF, USB, Pin, SPI, I2C);
