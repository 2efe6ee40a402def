import type { Flash, FlashGeometry } from '../../hal/ports/flash';

// A run of whole pages of a flash device seen as a device of its own, so the journal,
// counters and config each address their pages from 0 (firmware/storage/layout.ts).
export class FlashRegion implements Flash {
  geometry: FlashGeometry;
  private base: number;
  private device: Flash;
  private firstPage: number;

  constructor(device: Flash, firstPage: number, pageCount: number) {
    const g = device.geometry;
    if (!(firstPage >= 0 && pageCount > 0 && firstPage + pageCount <= g.pageCount)) {
      throw new Error('flash region ' + firstPage + '+' + pageCount + ' outside ' + g.pageCount + ' pages');
    }
    this.device = device;
    this.firstPage = firstPage;
    this.base = firstPage * g.pageSize;
    this.geometry = { pageSize: g.pageSize, pageCount: pageCount, writeAlign: g.writeAlign };
  }

  read(address: number, length: number): Uint8Array {
    this.check(address, length);
    return this.device.read(this.base + address, length);
  }

  program(address: number, data: Uint8Array): void {
    this.check(address, data.length);
    this.device.program(this.base + address, data);
  }

  erasePage(page: number): void {
    if (!(page >= 0 && page < this.geometry.pageCount)) throw new Error('page ' + page + ' outside the region');
    this.device.erasePage(this.firstPage + page);
  }

  sync(): void {
    if (this.device.sync) this.device.sync();
  }

  private check(address: number, length: number): void {
    if (!(address >= 0 && address + length <= this.geometry.pageSize * this.geometry.pageCount)) {
      throw new Error('access ' + address + '+' + length + ' outside the region');
    }
  }
}
