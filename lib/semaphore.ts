// A counting semaphore: at most `limit` tasks run at once, the rest wait in order.
export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly waiting: number;
}

export function createSemaphore(limit: number): Semaphore {
  let running = 0;
  const queue: Array<() => void> = [];
  return {
    get waiting() {
      return queue.length;
    },
    async run(task) {
      // A released slot passes straight to the next waiter, so no newcomer can overtake it.
      if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
      else running++;
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
