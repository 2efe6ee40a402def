// Binary constants ship as base64: a third of the bytes of a decimal array literal.
export function fromBase64(s: string): Uint8Array {
  const t = atob(s);
  const b = new Uint8Array(t.length);
  for (let i = 0; i < t.length; i++) b[i] = t.charCodeAt(i);
  return b;
}
