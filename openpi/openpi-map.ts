import type { RawData } from 'ws';

/** A msgpack map with string keys: an observation, a result, a server's metadata. */
export type OpenpiMap = Record<string, unknown>;

/** What decodeMsgpackNumpy makes of a map with string keys (not an array, bytes or a Map). */
export function isOpenpiMap(value: unknown): value is OpenpiMap {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The bytes of a received frame, whatever form ws delivered them in. */
export function frameBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
