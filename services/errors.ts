/** A request that names something that does not exist (HTTP 404). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly ref: string,
  ) {
    super(`${entity} "${ref}" does not exist`);
  }
}

/**
 * A field whose value is well-formed but cannot be accepted: it names something unknown (400)
 * or contradicts what is stored (409); or a request the API cannot read at all (413, 415).
 */
export class FieldError extends Error {
  override name = 'FieldError';
  constructor(
    readonly field: string,
    readonly problem: string,
    readonly status: 400 | 409 | 413 | 415 = 400,
  ) {
    super(`${field}: ${problem}`);
  }
}
