// Waiting for the billing no longer than a channel allows (Sberbank drops the connection at 7 s,
// research/billing.md §1.2): the work is raced against a timer and goes on after it; whoever started it
// decides what to do with a late result.
export type Within<T> = { settled: true; value: T } | { settled: true; error: unknown } | { settled: false };

/** Waits for `work` until `deadline` (epoch ms); the work goes on after it, its failure swallowed. */
export async function within<T>(work: Promise<T>, deadline: number): Promise<Within<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Within<T>>((resolve) => {
    timer = setTimeout(() => resolve({ settled: false }), Math.max(0, deadline - Date.now()));
  });
  const done = work.then(
    (value): Within<T> => ({ settled: true, value }),
    (error: unknown): Within<T> => ({ settled: true, error }),
  );
  try {
    return await Promise.race([done, late]);
  } finally {
    clearTimeout(timer);
  }
}
