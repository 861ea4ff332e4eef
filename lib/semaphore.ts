// A counting semaphore: at most `limit` tasks run at once, the rest wait in order. A task may
// ask for the reserved share: it waits in a small queue of its own, beyond the public queue's
// cap, and a released slot goes to it first, so a flood in the public queue cannot shut it out.
export interface Semaphore {
  run<T>(task: () => Promise<T>, options?: { reserved?: boolean }): Promise<T>;
  readonly waiting: number;
  readonly reservedWaiting: number;
  /** How many tasks were refused so far, public and reserved. */
  readonly refused: { public: number; reserved: number };
}

/** Thrown when more tasks wait than the semaphore accepts: the caller answers "busy". */
export class QueueFullError extends Error {
  override name = "QueueFullError";
}

export function createSemaphore(limit: number, maxWaiting = Infinity, maxReservedWaiting = 0): Semaphore {
  let running = 0;
  const queue: Array<() => void> = [];
  const reservedQueue: Array<() => void> = [];
  const refused = { public: 0, reserved: 0 };
  return {
    get waiting() {
      return queue.length;
    },
    get reservedWaiting() {
      return reservedQueue.length;
    },
    get refused() {
      return { ...refused };
    },
    async run(task, options = {}) {
      // A released slot passes straight to the next waiter, so no newcomer can overtake it.
      if (running >= limit) {
        const line = options.reserved && reservedQueue.length < maxReservedWaiting ? reservedQueue : queue;
        if (line === queue && queue.length >= maxWaiting) {
          refused[options.reserved ? "reserved" : "public"]++;
          throw new QueueFullError("too many tasks waiting");
        }
        await new Promise<void>((resolve) => line.push(resolve));
      } else running++;
      try {
        return await task();
      } finally {
        const next = reservedQueue.shift() ?? queue.shift();
        if (next) next();
        else running--;
      }
    },
  };
}
