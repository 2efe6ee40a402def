import { digest, padMessage } from './sha-pad';
import { H, K } from './sha2-constants';

// Portable SHA-512 (FIPS 180-4) without BigInt: every 64-bit word is a pair of signed
// 32-bit halves (hi at even, lo at odd index). Sums of low halves are formed as exact
// unsigned doubles, and their carry is added into the high half before wrapping.
const TWO32 = 4294967296;

export function sha512(data: Uint8Array): Uint8Array {
  const view = padMessage(data, 128);
  const s = new Int32Array(H);
  const w = new Int32Array(160);
  let ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl, xh, xl, yh, yl, th, tl, uh, ul, i;
  for (let off = 0; off < view.byteLength; off += 128) {
    for (i = 0; i < 32; i++) w[i] = view.getInt32(off + i * 4);
    for (i = 32; i < 160; i += 2) {
      xh = w[i - 30]; xl = w[i - 29];
      yh = w[i - 4]; yl = w[i - 3];
      // σ0(x) = rotr1 ^ rotr8 ^ shr7, σ1(y) = rotr19 ^ rotr61 ^ shr6
      tl = ((xl >>> 1 | xh << 31) ^ (xl >>> 8 | xh << 24) ^ (xl >>> 7 | xh << 25)) >>> 0;
      th = (xh >>> 1 | xl << 31) ^ (xh >>> 8 | xl << 24) ^ (xh >>> 7);
      ul = ((yl >>> 19 | yh << 13) ^ (yh >>> 29 | yl << 3) ^ (yl >>> 6 | yh << 26)) >>> 0;
      uh = (yh >>> 19 | yl << 13) ^ (yl >>> 29 | yh << 3) ^ (yh >>> 6);
      tl += ul + (w[i - 13] >>> 0) + (w[i - 31] >>> 0);
      w[i] = th + uh + w[i - 14] + w[i - 32] + (tl / TWO32 | 0);
      w[i + 1] = tl;
    }
    ah = s[0]; al = s[1]; bh = s[2]; bl = s[3]; ch = s[4]; cl = s[5]; dh = s[6]; dl = s[7];
    eh = s[8]; el = s[9]; fh = s[10]; fl = s[11]; gh = s[12]; gl = s[13]; hh = s[14]; hl = s[15];
    for (i = 0; i < 160; i += 2) {
      // t1 = h + Σ1(e) + Ch(e,f,g) + K[i] + W[i]; Σ1 = rotr14 ^ rotr18 ^ rotr41
      tl = (hl >>> 0) + (((el >>> 14 | eh << 18) ^ (el >>> 18 | eh << 14) ^ (eh >>> 9 | el << 23)) >>> 0)
        + ((gl ^ (el & (fl ^ gl))) >>> 0) + (K[i + 1] >>> 0) + (w[i + 1] >>> 0);
      th = hh + ((eh >>> 14 | el << 18) ^ (eh >>> 18 | el << 14) ^ (el >>> 9 | eh << 23))
        + (gh ^ (eh & (fh ^ gh))) + K[i] + w[i] + (tl / TWO32 | 0);
      // t2 = Σ0(a) + Maj(a,b,c); Σ0 = rotr28 ^ rotr34 ^ rotr39
      ul = (((al >>> 28 | ah << 4) ^ (ah >>> 2 | al << 30) ^ (ah >>> 7 | al << 25)) >>> 0)
        + ((al & bl | cl & (al | bl)) >>> 0);
      uh = ((ah >>> 28 | al << 4) ^ (al >>> 2 | ah << 30) ^ (al >>> 7 | ah << 25))
        + (ah & bh | ch & (ah | bh)) + (ul / TWO32 | 0);
      hh = gh; hl = gl; gh = fh; gl = fl; fh = eh; fl = el;
      el = (dl >>> 0) + (tl >>> 0);
      eh = (dh + th + (el / TWO32 | 0)) | 0;
      el |= 0;
      dh = ch; dl = cl; ch = bh; cl = bl; bh = ah; bl = al;
      al = (tl >>> 0) + (ul >>> 0);
      ah = (th + uh + (al / TWO32 | 0)) | 0;
      al |= 0;
    }
    add64(s, 0, ah, al); add64(s, 2, bh, bl); add64(s, 4, ch, cl); add64(s, 6, dh, dl);
    add64(s, 8, eh, el); add64(s, 10, fh, fl); add64(s, 12, gh, gl); add64(s, 14, hh, hl);
  }
  return digest(s);
}

function add64(s: Int32Array, at: number, hi: number, lo: number): void {
  const l = (s[at + 1] >>> 0) + (lo >>> 0);
  s[at] = s[at] + hi + (l / TWO32 | 0);
  s[at + 1] = l;
}
