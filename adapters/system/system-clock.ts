// The real clock and UUIDv7 ids (RFC 9562, time-ordered so index inserts stay local).
import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Clock, IdSource } from '../../domain/clock.ts';

export const systemClock: Clock = { now: () => new Date() };

// uuid draws 16 random bytes from the OS per id (~1.4 µs); drawing them 16 KiB at a time costs ~0.1 µs an id,
// which matters on the tracker's hot path.
const pool = new Uint8Array(16 * 1024);
let offset = pool.length;

export const uuidV7Ids: IdSource = {
  next() {
    if (offset + 16 > pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const random = pool.subarray(offset, offset + 16);
    offset += 16;
    return uuidv7({ random });
  },
};
