import { fromBase64 } from './base64';

// The SHA-2 constants (FIPS 180-4 §4.2.3, §5.3.5): 64-bit fractional parts of the square
// roots (H, 8 words) and cube roots (K, 80 words) of the first primes, as big-endian
// hi/lo int32 pairs. SHA-256 uses the high halves of the first 8 and 64 of the same
// words, so both hashes share this one table.
const B64 = 'agnmZ/O8yQi7Z66FhMqnOzxu83L+lPgrpU/1Ol8dNvFRDlJ/reaC0ZsFaIwrPmwfH4PZq/tBvWtb4M0ZE34heUKKL5jXKK4icTdEkSPvZc21wPvP7E07L+m126WBidu8OVbCW/NItThZ8RHxtgXQGZI/gqSvGU+bqxxe1dptgRjYB6qYowMCQhKDWwFFcG++JDGFvk7ksoxVDH3D1f+04nK+XXTye4lvgN6x/jsWlrGb3AanJccSNcGb8XTPaSaU5JtpwZ7xStLvvkeGOE8l4w/BncaLjNW1JAyhzHesnGUt6SxvWSsCdUp0hKpupuSDXLCp3L1B+9R2+YjagxFTtZg+UVLuZt+rqDHGbS20MhCwAyfImPshP79Zf8e+7w7kxuAL8z2oj8LVp5FHkwqnJQbKY1HgA4JvFCkpZwoObnAntwqFRtIv/C4bIThcJskmTSxt/FrEKu1TOA0TnZWz32UKc1SLr2PedmoKuzx3sqiBwskuR+2u5pJyLIUUgjU7or/ooUzxA2SoGmZLvEIwAcJLi3DQ+JeRx2xRowZUvjDRkugZ1u9SGNaZBiRVZakQ9A41hVdxICoQaqBwMrvRuBmkwRa40tDIHjdsCFFBq1MnSHdM347rmTSwvLXhm0ioORwMs8XJWmNO2KpK40GKy1ucyk93Y+NzaC5v89ayuKN0j4LuXe+y/HilY29DFy9ghMh4FKHwq3KMxwIIGmQ57JC+//ojYx4opFBs696Cvem++aP3ssZ5FcZxePLjclMryic+zuomYZzRhrjHIcDCB+rafdbN4Ose9X1Pf+5u0XgG8GeqchdvugpjfcWiyJimET+YBL75Da4bcQs1ExxHGyjbd/UjBH2EMsqre0DHJJM8nr4KFcm+vEMdZ8ScEA1MTMXUvss+QrZZfymc/GV+Kl/Lb6s61vrsbEQZjEpHWBc=';

const BYTES = new DataView(fromBase64(B64).buffer);
const WORDS = new Int32Array(176);
for (let i = 0; i < 176; i++) WORDS[i] = BYTES.getInt32(4 * i);
// H[2i], H[2i + 1]: high and low half of initial hash word i.
export const H = WORDS.subarray(0, 16);
// K[2i], K[2i + 1]: high and low half of round constant i.
export const K = WORDS.subarray(16, 176);
