/**
 * A battle file that cannot be read: says where (1-based line, and the column by name or by
 * character position) so that a person can open the file and fix it. The reader is pure and
 * does not know the file's name; the CLI prefixes it.
 */
export class BattleFileError extends Error {
  override readonly name = 'BattleFileError';
  constructor(
    readonly problem: string,
    readonly line: number,
    /** The column's header name, e.g. `winner`, when the problem is in one field. */
    readonly column: string | undefined,
    /** 1-based character position in the line, for syntax errors. */
    readonly position?: number,
  ) {
    const where = [
      `line ${line}`,
      ...(column === undefined ? [] : [`column ${column}`]),
      ...(position === undefined ? [] : [`character ${position}`]),
    ];
    super(`${where.join(', ')}: ${problem}`);
  }
}
