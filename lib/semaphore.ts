// A counting semaphore: at most `limit` tasks run at once, the rest wait in order.
export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly waiting: number;
}

/** Thrown when more tasks wait than the semaphore accepts: the caller answers "busy". */
export class QueueFullError extends Error {
  override name = "QueueFullError";
}

export function createSemaphore(limit: number, maxWaiting = Infinity): Semaphore {
  let running = 0;
  const queue: Array<() => void> = [];
  return {
    get waiting() {
      return queue.length;
    },
    async run(task) {
      // A released slot passes straight to the next waiter, so no newcomer can overtake it.
      if (running >= limit) {
        if (queue.length >= maxWaiting) throw new QueueFullError("too many tasks waiting");
        await new Promise<void>((resolve) => queue.push(resolve));
      } else running++;
      try {
        return await task();
      } finally {
        const next = queue.shift();
        if (next) next();
        else running--;
      }
    },
  };
}
