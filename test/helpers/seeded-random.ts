// A small seeded PRNG for randomized tests (mulberry32: 32-bit state, good enough to shuffle faults and
// amounts, and the same sequence for the same seed). The seed comes from KASSABOX_FAULT_SEED when set,
// so a failing run can be repeated.

export class SeededRandom {
  readonly seed: number;
  private state: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.state = this.seed;
  }

  /** The seed from the environment variable `name`, or one derived from the time. */
  static fromEnv(name: string): SeededRandom {
    const raw = process.env[name];
    if (raw !== undefined && raw.trim() !== '') {
      const seed = Number(raw);
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
        throw new Error(`${name} must be an integer from 0 to 4294967295 (got "${raw}")`);
      }
      return new SeededRandom(seed);
    }
    return new SeededRandom(Date.now() % 0x100000000);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}
