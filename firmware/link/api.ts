import type { TerminalIdentity, TerminalStatus } from '../../protocol/link/messages';

export type { TerminalIdentity };

// What the host-link dispatcher needs from the terminal (protocol/LINK.md §5). The
// firmware implements it over its journal, settings and keys; tests use
// tests/support/fake-terminal.ts. Every method is synchronous and must be idempotent
// for a repeated identical request, because the host retries after a lost reply.
export interface TerminalLinkApi {
  info(): TerminalIdentity;
  // Encoded journal records (protocol/messages/record.ts) with seq ≥ fromSeq still held,
  // ascending, at most `max` of them.
  exportFrom(fromSeq: number, max: number): Uint8Array[];
  // Verifies the ledger's MACed ack (protocol/messages/ack.ts) and frees the records it
  // covers. Returns a reason code: OK also when they were already freed.
  acknowledge(ack: Uint8Array): number;
  // Verifies and applies MACed settings (protocol/messages/settings.ts). OK also when
  // the identical settings are already active.
  pushSettings(settings: Uint8Array): number;
  // Applies an enrolment (protocol/messages/enrolment.ts) when unprovisioned or in
  // maintenance mode; NOT_PROVISIONED-style refusal otherwise. OK for a repeat of the
  // enrolment already in force.
  enrol(enrolment: Uint8Array): number;
  status(): TerminalStatus;
}
