// Runs the `kerb` CLI from source (tsx) for tests: the bundle defines KERB_VERSION at
// build time; here it is a global set before the CLI module loads.
(globalThis as Record<string, unknown>).KERB_VERSION = 'test';
await import('../../host-bridge/cli/kerb');
export {};
