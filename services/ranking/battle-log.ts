/** Outcome codes of a battle, from the point of view of its `model_a`. */
export const BattleOutcome = { AWins: 0, BWins: 1, Tie: 2 } as const;
export type BattleOutcomeCode = (typeof BattleOutcome)[keyof typeof BattleOutcome];

/**
 * Battles as parallel typed arrays with interned names (in order of first appearance): a
 * million battles cost a few megabytes and no per-battle objects. Index -1 in `task`, `judge`
 * or `comparison` means the column was absent or empty for that battle; a battle without a
 * comparison id is a comparison of its own.
 */
export interface BattleLog {
  readonly count: number;
  readonly policies: readonly string[];
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly outcome: Uint8Array;
  readonly tasks: readonly string[];
  readonly task: Int32Array;
  readonly judges: readonly string[];
  readonly judge: Int32Array;
  readonly comparisons: readonly string[];
  readonly comparison: Int32Array;
}

/** Interns names to dense indices. */
class Interner {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  of(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.index.set(name, i);
    }
    return i;
  }

  /** -1 for an absent or empty value. */
  optional(name: string | undefined): number {
    return name === undefined || name === '' ? -1 : this.of(name);
  }
}

/** Appends battles to growable typed arrays; `build` returns the trimmed log. */
export class BattleLogBuilder {
  private count = 0;
  private capacity = 1024;
  private a = new Int32Array(this.capacity);
  private b = new Int32Array(this.capacity);
  private outcome = new Uint8Array(this.capacity);
  private task = new Int32Array(this.capacity);
  private judge = new Int32Array(this.capacity);
  private comparison = new Int32Array(this.capacity);
  private readonly policies = new Interner();
  private readonly tasks = new Interner();
  private readonly judges = new Interner();
  private readonly comparisons = new Interner();

  add(
    modelA: string,
    modelB: string,
    outcome: BattleOutcomeCode,
    task?: string,
    judge?: string,
    comparison?: string,
  ): void {
    if (this.count === this.capacity) this.grow();
    const k = this.count++;
    this.a[k] = this.policies.of(modelA);
    this.b[k] = this.policies.of(modelB);
    this.outcome[k] = outcome;
    this.task[k] = this.tasks.optional(task);
    this.judge[k] = this.judges.optional(judge);
    this.comparison[k] = this.comparisons.optional(comparison);
  }

  build(): BattleLog {
    const n = this.count;
    return {
      count: n,
      policies: this.policies.names,
      a: this.a.slice(0, n),
      b: this.b.slice(0, n),
      outcome: this.outcome.slice(0, n),
      tasks: this.tasks.names,
      task: this.task.slice(0, n),
      judges: this.judges.names,
      judge: this.judge.slice(0, n),
      comparisons: this.comparisons.names,
      comparison: this.comparison.slice(0, n),
    };
  }

  private grow(): void {
    this.capacity *= 2;
    const widen = <T extends Int32Array | Uint8Array>(old: T, fresh: T): T => {
      fresh.set(old);
      return fresh;
    };
    this.a = widen(this.a, new Int32Array(this.capacity));
    this.b = widen(this.b, new Int32Array(this.capacity));
    this.outcome = widen(this.outcome, new Uint8Array(this.capacity));
    this.task = widen(this.task, new Int32Array(this.capacity));
    this.judge = widen(this.judge, new Int32Array(this.capacity));
    this.comparison = widen(this.comparison, new Int32Array(this.capacity));
  }
}
