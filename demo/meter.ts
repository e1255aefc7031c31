// What the demo's live chart plots: rates (events counted, shown per second) and levels (queue
// sizes, read when sampled). Each part of the demo reports here; the chart samples it.

type Level = () => number;

class Meter {
  readonly #counts = new Map<string, number>();
  readonly #levels = new Map<string, Level>();

  /** Adds `n` events to the rate `name` (plotted per second). */
  count(name: string, n = 1): void {
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + n);
  }

  /** Plots `read()` as `name` while it is watched; returns the function that stops it. */
  watch(name: string, read: Level): () => void {
    this.#levels.set(name, read);
    return () => {
      if (this.#levels.get(name) === read) this.#levels.delete(name);
    };
  }

  /** The rates' counts since the last call and the levels now. */
  take(): { counts: Map<string, number>; levels: Map<string, number> } {
    const counts = new Map(this.#counts);
    this.#counts.clear();
    const levels = new Map([...this.#levels].map(([name, read]) => [name, read()]));
    return { counts, levels };
  }
}

export const meter = new Meter();
