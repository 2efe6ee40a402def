import { Key } from '../../hal/ports/buttons';

// Amount entry in minor units. A keyboard types digits (shifting in from the right,
// like a till); four buttons change the digit under a cursor: UP/DOWN turn that digit
// (9 → 0 and 0 → 9 wrap, other digits stay), NEXT moves the cursor one digit left,
// wrapping after six.
export const MAX_AMOUNT = 999999;
const DIGITS = 6;

export class AmountEntry {
  value: number;
  cursor: number; // 0 = units digit

  constructor() {
    this.value = 0;
    this.cursor = 0;
  }

  // Returns true when the key changed the entry.
  key(k: number): boolean {
    const v = this.value;
    let step = 1;
    for (let i = 0; i < this.cursor; i++) step *= 10;
    const d = Math.floor(v / step) % 10;
    if (k <= Key.DIGIT0 + 9) {
      const n = v * 10 + k - Key.DIGIT0;
      if (n <= MAX_AMOUNT) this.value = n;
    } else if (k === Key.BACKSPACE) this.value = Math.floor(v / 10);
    else if (k === Key.UP || k === Key.DOWN) this.value = v + (((d + (k === Key.UP ? 1 : 9)) % 10) - d) * step;
    else if (k === Key.NEXT) this.cursor = (this.cursor + 1) % DIGITS;
    else return false;
    return true;
  }
}

// "12.50" for 1250 minor units (two decimals: the currencies the pilot uses).
export function formatAmount(minor: number): string {
  const units = Math.floor(minor / 100);
  const cents = minor % 100;
  return units + '.' + (cents < 10 ? '0' : '') + cents;
}

const CURRENCIES: { [code: string]: string } = { 978: 'EUR', 840: 'USD', 826: 'GBP', 756: 'CHF', 404: 'KES' };

export function currencyName(code: number): string {
  return CURRENCIES[code] || '#' + code;
}
