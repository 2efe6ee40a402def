// Amounts in minor units. Entry (in Terminal.press): a keyboard types digits (shifting
// in from the right, like a till); four buttons change the digit under a cursor: UP/DOWN
// turn that digit (9 → 0 and 0 → 9 wrap, other digits stay), NEXT moves the cursor one
// digit left, wrapping after six.
export const MAX_AMOUNT = 999999;
export const AMOUNT_DIGITS = 6;

// "12.50" for 1250 minor units (two decimals: the currencies the pilot uses).
export function formatAmount(minor: number): string {
  const cents = minor % 100;
  return Math.floor(minor / 100) + (cents < 10 ? '.0' : '.') + cents;
}

// Code and name in one string (no table object resident on the device).
const CURRENCIES = '978EUR840USD826GBP756CHF404KES';

export function currencyName(code: number): string {
  const i = CURRENCIES.indexOf('' + code);
  return code > 99 && i % 6 === 0 ? CURRENCIES.substr(i + 3, 3) : '#' + code;
}
