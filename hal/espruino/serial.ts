// The host link on the board's line (KERB.link: Serial1, Bluetooth UART, or USB = stdio
// on the Linux build). Espruino hands received data over as a binary string;
// E.toUint8Array copies it natively. Returns the function that writes to the line.
//
// Stuffing (Linux build only): it exits on a 0x04 byte (Ctrl-D) on stdin and may break
// into its debugger on 0x03 (Ctrl-C), so a host talking to it over stdio byte-stuffs
// what it sends: 0x10 then the byte xor 0x20 for 0x03, 0x04 and 0x10; replies go out as
// they are.
export const STUFF_ESCAPE = 0x10;

export function openLink(onBytes: (bytes: Uint8Array) => void): (bytes: Uint8Array) => void {
  const dev = KERB.link === 'USB' ? USB : KERB.link === 'Bluetooth' ? Bluetooth : Serial1;
  if (KERB.link === 'Serial1') Serial1.setup(115200);
  if (KERB.link === 'USB') {
    let escaped = false; // the previous chunk ended with the escape byte
    dev.on('data', (d: string) => {
      const b = E.toUint8Array(d);
      if (!escaped && b.indexOf(STUFF_ESCAPE) < 0) return onBytes(b);
      let n = 0;
      for (let i = 0; i < b.length; i++) {
        if (escaped) b[n++] = b[i] ^ 0x20;
        else if (b[i] !== STUFF_ESCAPE) b[n++] = b[i];
        escaped = !escaped && b[i] === STUFF_ESCAPE;
      }
      onBytes(b.subarray(0, n));
    });
  } else dev.on('data', (d: string) => onBytes(E.toUint8Array(d)));
  return (bytes) => dev.write(bytes);
}
