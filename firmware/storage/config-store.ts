import type { MetaLog } from './meta-log';

// Keys of the provisioning and settings blobs in the meta log.
export const ConfigKey = {
  ENROLMENT: 16, // terminalId, merchantId, 32-byte key — encoded by the firmware
  SETTINGS: 17, // the ledger's signed settings bytes
} as const;

// Power-safe store of small blobs: each put is a new CRC-checked entry in the meta log,
// committed by a marker written last, so after any cut a key reads as either its old or
// its new bytes, never a mix. Reads are served from RAM.
export class ConfigStore {
  private meta: MetaLog;

  constructor(meta: MetaLog) {
    this.meta = meta;
  }

  get(key: number): Uint8Array | undefined {
    const v = this.meta.get(key);
    return v && v.length ? new Uint8Array(v) : undefined;
  }

  // Durable when it returns; throws StorageError (old value kept) otherwise.
  put(key: number, bytes: Uint8Array): void {
    this.meta.put(key, bytes);
  }

  // Durable when it returns: the key reads as absent from then on.
  remove(key: number): void {
    if (this.meta.get(key)) this.meta.put(key, new Uint8Array(0));
  }
}
