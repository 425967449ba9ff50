// Row ids that sort by creation time (UUID version 7, RFC 9562): 48 bits of the app clock's
// milliseconds, then random bits. Rows written one after another land next to each other in their
// primary-key index instead of at random places, so a batch of inserts touches a few index pages,
// not one per row (decision 0013). Ids one process makes in the same millisecond are ordered too
// (a counter in the 12 bits after the version, RFC 9562 method 1): a transaction's timeline
// entries, all stamped with one time, read back in the order they were written.
import { randomFillSync } from "node:crypto";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const bytes = new Uint8Array(16);
// Random bits are drawn 10 at a time from a pool filled 4 KB at a time (one call to the system's
// generator per ~400 ids, as crypto.randomUUID does).
const pool = new Uint8Array(4096);
let poolUsed = pool.length;

function takeRandom(into: Uint8Array, offset: number, size: number) {
  if (poolUsed + size > pool.length) {
    randomFillSync(pool);
    poolUsed = 0;
  }
  into.set(pool.subarray(poolUsed, poolUsed + size), offset);
  poolUsed += size;
}

/** The milliseconds asked for last, the milliseconds stamped for them (later after an overflow), the counter. */
let lastAsked = -1;
let lastMs = -1;
let counter = 0;
const COUNTER_MAX = 0xfff;

/**
 * Orders ids as the database orders them (code point by code point): for time-ordered ids, the
 * order they were created in. A tie-break for rows sorted in memory.
 */
export const compareIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A version 7 UUID for an id created at `at`. */
export function timeOrderedId(at: Date): string {
  let ms = Math.max(0, Math.floor(at.getTime()));
  takeRandom(bytes, 6, 10);
  if (ms === lastAsked) {
    ms = lastMs;
    if (counter < COUNTER_MAX) {
      counter++;
    } else {
      // 4,096 ids in one millisecond: the next ones take the next millisecond (still in order).
      ms = ++lastMs;
      counter = (bytes[7] ?? 0) & 0x7f;
    }
  } else {
    // A new millisecond: the counter starts at a random value in its lower half, room to count up.
    lastAsked = lastMs = ms;
    counter = (((bytes[6] ?? 0) & 0x07) << 8) | (bytes[7] ?? 0);
  }
  bytes[6] = (counter >>> 8) & 0x0f;
  bytes[7] = counter & 0xff;
  // 48-bit big-endian milliseconds (two parts: bitwise operators are 32-bit).
  const high = Math.floor(ms / 2 ** 16);
  bytes[0] = (high >>> 24) & 0xff;
  bytes[1] = (high >>> 16) & 0xff;
  bytes[2] = (high >>> 8) & 0xff;
  bytes[3] = high & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70; // version 7
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 9562 variant
  let out = "";
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += "-";
    out += HEX[bytes[i] ?? 0];
  }
  return out;
}
