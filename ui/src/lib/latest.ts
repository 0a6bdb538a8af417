// "Only the last answer counts": typing fires a request per pause, answers
// can come back out of order, and a stale one must never overwrite a newer
// one (a strength meter saying "forte" for a shorter passphrase, a patient
// list for a name she has since corrected).

export interface DebouncedLatest<A extends unknown[]> {
  /** Schedules a call; cancels any pending one and outdates any in flight. */
  call(...args: A): void;
  /** Drops the pending call and ignores any answer still in flight. */
  cancel(): void;
}

export function debouncedLatest<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  delayMs: number,
  handlers: {
    result: (value: R, ...args: A) => void;
    error: (error: unknown, ...args: A) => void;
  },
): DebouncedLatest<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let counter = 0;

  return {
    call(...args: A) {
      clearTimeout(timer);
      const id = ++counter;
      timer = setTimeout(() => {
        fn(...args).then(
          (value) => {
            if (id === counter) handlers.result(value, ...args);
          },
          (error: unknown) => {
            if (id === counter) handlers.error(error, ...args);
          },
        );
      }, delayMs);
    },
    cancel() {
      clearTimeout(timer);
      counter++;
    },
  };
}
