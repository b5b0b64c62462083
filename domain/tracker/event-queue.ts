// A FIFO of validated events (or their encoding) with O(1) push and batch take, bounded by the tracker (count and bytes).

export interface QueuedEvent<T> {
  readonly event: T;
  readonly bytes: number;
  readonly seq: number;
}

export class EventQueue<T> {
  #items: (QueuedEvent<T> | undefined)[] = [];
  #head = 0;
  #bytes = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }
  get bytes(): number {
    return this.#bytes;
  }
  /** Sequence number of the oldest queued event, or Infinity when empty. */
  get headSeq(): number {
    return this.length === 0 ? Infinity : this.#items[this.#head]!.seq;
  }

  push(item: QueuedEvent<T>): void {
    this.#items.push(item);
    this.#bytes += item.bytes;
  }

  shift(): QueuedEvent<T> | undefined {
    if (this.length === 0) return undefined;
    const item = this.#items[this.#head]!;
    this.#items[this.#head++] = undefined;
    this.#bytes -= item.bytes;
    this.#compact();
    return item;
  }

  /** Removes and returns up to `n` of the oldest events. */
  take(n: number): QueuedEvent<T>[] {
    const end = Math.min(this.#head + n, this.#items.length);
    const batch = this.#items.slice(this.#head, end) as QueuedEvent<T>[];
    for (const item of batch) this.#bytes -= item.bytes;
    this.#head = end;
    this.#compact();
    return batch;
  }

  /** The queued events, oldest first, left in place. */
  peek(): QueuedEvent<T>[] {
    return this.#items.slice(this.#head) as QueuedEvent<T>[];
  }

  /** Removes everything, returning how many events were dropped. */
  clear(): number {
    const n = this.length;
    this.#items = [];
    this.#head = 0;
    this.#bytes = 0;
    return n;
  }

  #compact(): void {
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head > 4096 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
  }
}
