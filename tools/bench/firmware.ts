// Terminal firmware budgets (issue 4), measured in the real Espruino interpreter with
// the `linux` device bundle — the same firmware as the boards, wired to stdio:
//   tap → decision on screen, EXCLUDING the Ed25519 verification   ≤ 15 M instructions
//   amount entered → QR code on screen                             ≤ 15 M instructions
//   device bundle size (pixljs)                                    ≤ 24 KB
//   peak process.memory().usage after 100 sales                    ≤ 1,800 vars
//   one Ed25519 verification (reported as it is: the known bottleneck)
// FIRMWARE_BENCH=memory stops after the sizes and memory (seconds, not minutes).
// Instruction counts are differences of whole callgrind runs (DESIGN.md §4): the same
// script with and without the measured operation, divided by how many were done.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESPRUINO, ESPRUINO_SKIP_REASON, hasValgrind } from '../../tests/support/espruino';
// @ts-expect-error plain ESM build script without type declarations
import { buildDevice, BOARDS } from '../../esbuild.config.mjs';
// @ts-expect-error plain ESM tool without type declarations
import { pretokenise } from '../../tools/pretokenise.mjs';
import { seededCrypto } from '../../protocol/crypto/host';
import { createIssuer } from '../../protocol/kit/issuer';
import { Wallet } from '../../protocol/kit/wallet';
import { encodeRequest } from '../../protocol/messages/request';
import { makeEnrolment, makeSettings } from '../../hal/sim/ledger-kit';

// Inputs travel as base64: the driver decodes them natively (atob, E.toUint8Array), so
// no interpreted conversion lands inside a measured loop.
function b64(b: Uint8Array): string {
  return Buffer.from(b).toString('base64');
}

const BUDGET = { instructions: 15e6, bundle: 24 * 1024, vars: 1800 };
const T = 1_800_000_000;
const CHALLENGE = new Uint8Array(16).fill(0x5a);

// Host-made inputs: enrolment, settings and `n` payments answering requests whose
// challenge the driver pins (the device RNG is replaced in the script). Every variant
// gets the same inputs, so setup costs cancel out in the differences.
function inputs(n: number, amount: number) {
  const c = seededCrypto('bench-firmware');
  const authKey = c.random(32);
  const issuer = createIssuer(c, 1);
  const seed = c.random(32);
  const w = new Wallet(c, seed, issuer.issue({ walletId: 4, walletKey: c.publicKey(seed), perPaymentLimit: 100000, currency: 978, notBefore: T - 1000, expiry: T + 1e7 }));
  const q = encodeRequest({ terminalId: 9, merchantId: 8, amount, currency: 978, challenge: CHALLENGE, requestCounter: 0, extensions: new Uint8Array(0) });
  const payments: string[] = [];
  for (let i = 0; i < n; i++) payments.push(b64(w.pay(q, { includeCertificate: i === 0 })));
  return {
    enrol: b64(makeEnrolment({ terminalId: 9, merchantId: 8, authKey })),
    settings: b64(makeSettings(c, authKey, {
      terminalId: 9, version: 1, time: T, perPaymentLimit: 100000, offlineTotalLimit: 1e9, maxOfflineAge: 1e7, currency: 978,
      issuerKeys: [{ keyId: 1, publicKey: issuer.publicKey, notAfter: T + 1e8 }], denyList: [],
    })),
    payments,
  };
}

// Code appended after the bundle: `kerb` is the booted Terminal. Output goes through
// USB.write because the firmware moved the console off the line (service mode). quit()
// runs from a timeout: the Linux build ignores a top-level quit() while timers exist.
// The driver keeps to its own function scope: the bundle's minified names are globals.
export function driver(n: number, amount: number, opts: { sale: boolean; tap: boolean; realVerify: boolean; memory?: boolean }): string {
  const d = inputs(n, amount);
  return `(function(){
function out(x){USB.write("@@"+x+"\\n");}
function hex(s){return E.toUint8Array(atob(s));}
var t=global.kerb;
t.fixRandom(0x5a);
${opts.realVerify ? '' : 't.skipVerify();'}
t.enrol(hex("${d.enrol}"));
t.applySettings(hex("${d.settings}"));
var P=${JSON.stringify(d.payments)}.map(hex);
var inputs=E.getSizeOf(P);
var peak=process.memory().usage, base=peak, bad=0;
try {
for(var i=0;i<${n};i++){
  ${opts.sale ? `if(!t.startSale(${amount}))bad++;` : ''}
  ${opts.tap ? 'if(t.tap(P[i])===null||t.reason()!==0)bad++;' : ''}
  t.toIdle();
  ${opts.memory ? 'var u=process.memory().usage;if(u>peak)peak=u;' : ''}
}
} catch (e) { out("error "+e); bad=-1; }
out("bad "+bad);
out("base "+base);
out("peak "+peak);
out("after "+process.memory().usage);
out("inputs "+inputs);
out("end 1");
setTimeout(function(){quit();},1);
})();
`;
}

// As on a board: the script writes the pretokenised image to Storage as .bootcde and
// load()s it, so the interpreter restarts with empty RAM and runs the code from (the
// Linux build's emulated) flash, where function bodies stay instead of being copied into
// JS variables. process.memory().usage then counts the terminal's state, not its code.
function asFlashed(code: string): string {
  const image = Buffer.from(pretokenise(code)).toString('base64');
  return `require("Storage").write(".bootcde",atob("${image}"));setTimeout(load,10);`;
}

// Runs the bundle plus driver with stdin held open and empty: the bundle listens on
// stdio (its host link) and the Linux build reads a closed stdin as endless input.
// Optionally under callgrind; returns the @@ lines and the instruction total.
export async function runLinux(code: string, callgrind: boolean): Promise<{ lines: string[]; instructions: number; raw: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kerb-bench-'));
  writeFileSync(join(dir, 'run.js'), code);
  const cg = join(dir, 'callgrind.out');
  const cmd = callgrind ? 'valgrind' : ESPRUINO!;
  const args = callgrind ? ['--tool=callgrind', `--callgrind-out-file=${cg}`, ESPRUINO!, 'run.js'] : ['run.js'];
  const child = spawn(cmd, args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  child.stdout.on('data', (b: Buffer) => {
    raw += b.toString('latin1');
    // After load() the Linux build ignores quit(): the driver's last line ends the run.
    if (!callgrind && raw.includes('@@end 1')) child.kill('SIGKILL');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
  await new Promise((res) => child.once('exit', res));
  clearTimeout(timer);
  child.stdin.destroy();
  let instructions = 0;
  if (callgrind) {
    if (!existsSync(cg)) throw new Error('callgrind produced no output');
    const m = /^(?:summary|totals):\s*(\d+)/m.exec(readFileSync(cg, 'utf8'));
    instructions = m ? Number(m[1]) : 0;
  }
  const lines = raw.replace(/\r/g, '').split('\n').filter((l) => l.startsWith('@@')).map((l) => l.slice(2));
  return { lines, instructions, raw };
}

function fields(lines: string[]): Record<string, number> {
  return Object.fromEntries(lines.map((l) => l.split(' ')).map(([k, v]) => [k, Number(v)]));
}

function fmt(n: number): string {
  return (n / 1e6).toFixed(2) + ' M';
}

export async function run(): Promise<void> {
  const sizes: Record<string, number> = {};
  for (const b of BOARDS as string[]) sizes[b] = ((await buildDevice(b)) as string).length;
  for (const b of Object.keys(sizes)) console.log(`bundle ${b.padEnd(9)} ${(sizes[b] / 1024).toFixed(1)} KB${b === 'pixljs' ? `  (budget ${BUDGET.bundle / 1024} KB: ${sizes[b] <= BUDGET.bundle ? 'ok' : 'OVER'})` : ''}`);
  if (!ESPRUINO) {
    console.log(ESPRUINO_SKIP_REASON);
    return;
  }
  const bundle = (await buildDevice('linux')) as string;
  const N = 10;
  const AMOUNT = 1250;
  // Memory, with the code in flash as on a board: 100 sales (verification stubbed: its
  // temporaries are measured by the second run, 3 sales with the real Ed25519).
  const mem = await runLinux(asFlashed(bundle + driver(100, AMOUNT, { sale: true, tap: true, realVerify: false, memory: true })), false);
  const m = fields(mem.lines);
  if (m.bad !== 0 || m.peak === undefined) throw new Error(`memory run failed: ${mem.raw.slice(-600)}`);
  // The driver's own 100 payments sit in RAM too; they are not the terminal's.
  const own = (v: number) => v - m.inputs;
  console.log(`memory (code in flash, the driver's ${m.inputs} vars of stored payments excluded): ${own(m.base)} vars after boot and provisioning, peak over 100 sales ${own(m.peak)} (budget ${BUDGET.vars}: ${own(m.peak) <= BUDGET.vars ? 'ok' : 'OVER'}), ${own(m.after)} after`);
  const real = await runLinux(asFlashed(bundle + driver(3, AMOUNT, { sale: true, tap: true, realVerify: true, memory: true })), false);
  const r = fields(real.lines);
  console.log(`memory (code in flash): with the real Ed25519 (3 sales) peak ${r.peak - r.inputs}, ${r.bad === 0 ? 'all approved' : r.bad + ' NOT approved'}`);
  if (process.env.FIRMWARE_BENCH === 'memory') return;
  if (!hasValgrind()) {
    console.log('valgrind missing: instruction counts skipped');
    return;
  }
  const count = async (code: string) => {
    const x = await runLinux(bundle + code, true);
    if (fields(x.lines).bad !== 0) throw new Error(`bench run did not approve every sale: ${x.raw.slice(-400)}`);
    return x.instructions;
  };
  const idle = await count(driver(N, AMOUNT, { sale: false, tap: false, realVerify: false }));
  const sales = await count(driver(N, AMOUNT, { sale: true, tap: false, realVerify: false }));
  const taps = await count(driver(N, AMOUNT, { sale: true, tap: true, realVerify: false }));
  const qr = (sales - idle) / N;
  const tap = (taps - sales) / N;
  console.log(`amount entered → QR on screen: ${fmt(qr)} instructions per sale (budget 15 M: ${qr <= BUDGET.instructions ? 'ok' : 'OVER'})`);
  console.log(`tap → decision on screen, Ed25519 excluded (decode, checks, record + HMAC, journal append, receipt, result screen): ${fmt(tap)} (budget 15 M: ${tap <= BUDGET.instructions ? 'ok' : 'OVER'})`);
  const one = await count(driver(1, AMOUNT, { sale: true, tap: true, realVerify: true }));
  const oneStub = await count(driver(1, AMOUNT, { sale: true, tap: true, realVerify: false }));
  // The first payment carries the certificate: two verifications (issuer, wallet).
  const verify = (one - oneStub) / 2;
  console.log(`Ed25519 verify in the interpreter: ${fmt(verify)} instructions each (≈ ${(verify / 64e6).toFixed(1)} s at 64 MHz); a first tap costs two, a returning wallet's one`);
}
