// Data a page shows, with the three states every screen has: loading, failed, loaded (possibly empty).
// Pages create one per fetch and render it with <Async>; reload() keeps the old data on screen while
// the new one comes, so a refresh does not flash the loading state.
export class Loadable<T> {
  data: T | undefined = $state(undefined);
  error: unknown = $state(undefined);
  loading = $state(false);
  private readonly fetcher: () => Promise<T>;
  private generation = 0;

  constructor(fetcher: () => Promise<T>) {
    this.fetcher = fetcher;
  }

  /** Fetches again; an answer to an older call that arrives late is dropped. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    try {
      const data = await this.fetcher();
      if (generation !== this.generation) return;
      this.data = data;
      this.error = undefined;
    } catch (error) {
      if (generation !== this.generation) return;
      this.error = error;
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  /** Replaces the data after an action answered with the new state. */
  set(data: T): void {
    this.data = data;
    this.error = undefined;
  }
}

/** A Loadable that starts loading at once. */
export function loadable<T>(fetcher: () => Promise<T>): Loadable<T> {
  const result = new Loadable(fetcher);
  void result.load();
  return result;
}
