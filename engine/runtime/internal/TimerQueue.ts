/** A pending timer of one actor. */
export interface TimerEntry {
  at: number;
  key: string;
  name: string;
}

/**
 * A binary min-heap of timers by event time. Cancelled or rescheduled timers are not removed
 * here: the runtime checks the actor's own timer table when one pops (lazy deletion), which keeps
 * scheduling O(log n) with no per-timer bookkeeping.
 */
export class TimerQueue {
  readonly #heap: TimerEntry[] = [];

  get size(): number {
    return this.#heap.length;
  }

  push(entry: TimerEntry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.at <= heap[i]!.at) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  /** Removes and returns the earliest timer due at or before `time`, if any. */
  popDue(time: number): TimerEntry | undefined {
    const heap = this.#heap;
    if (heap.length === 0 || heap[0]!.at > time) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l]!.at < heap[m]!.at) m = l;
        if (r < heap.length && heap[r]!.at < heap[m]!.at) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i]!, heap[m]!];
        i = m;
      }
    }
    return top;
  }
}
