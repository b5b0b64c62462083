// Time and identity as ports, so use cases and tests decide what "now" and "a new id" mean.

/** Where "now" comes from. */
export interface Clock {
  now(): Date;
}

/** Where new event and record ids come from (UUIDv7 in production). */
export interface IdSource {
  next(): string;
}

/** A clock that stands still until moved: for tests and simulations. */
export class FixedClock implements Clock {
  #ms: number;
  constructor(start: Date | string) {
    this.#ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(at: Date | string): void {
    this.#ms = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}
