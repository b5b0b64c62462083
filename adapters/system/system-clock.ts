// The real clock and UUIDv7 ids (RFC 9562, time-ordered so index inserts stay local).
import { randomFillSync } from 'node:crypto';
import type { Clock, IdSource } from '../../domain/clock.ts';

export const systemClock: Clock = { now: () => new Date() };

// An id is written here straight from the time and 10 random bytes, drawn 16 KiB at a time: the uuid package's v7
// (a 16-byte array, then 16 strings joined) cost about four times as much, and ids are made on the tracker's hot path.
const pool = new Uint8Array(16 * 1024);
let offset = pool.length;
const hex = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
let lastMs = -1;
let timePart = '';

export const uuidV7Ids: IdSource = {
  next() {
    const ms = Date.now();
    if (ms !== lastMs) {
      // 48 bits of Unix milliseconds: xxxxxxxx-xxxx
      const t = ms.toString(16).padStart(12, '0');
      timePart = `${t.slice(0, 8)}-${t.slice(8)}`;
      lastMs = ms;
    }
    if (offset + 10 > pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const r = pool;
    const o = offset;
    offset += 10;
    // version 7 and 12 random bits; variant 10 and 14 random bits; 48 random bits.
    return `${timePart}-7${hex[r[o]! & 0x0f]!.slice(1)}${hex[r[o + 1]!]}-${hex[(r[o + 2]! & 0x3f) | 0x80]}${hex[r[o + 3]!]}-${hex[r[o + 4]!]}${hex[r[o + 5]!]}${hex[r[o + 6]!]}${hex[r[o + 7]!]}${hex[r[o + 8]!]}${hex[r[o + 9]!]}`;
  },
};
