// The real clock and UUIDv7 ids (RFC 9562, time-ordered so index inserts stay local).
import { v7 as uuidv7 } from 'uuid';
import type { Clock, IdSource } from '../../domain/clock.ts';

export const systemClock: Clock = { now: () => new Date() };

export const uuidV7Ids: IdSource = { next: () => uuidv7() };
