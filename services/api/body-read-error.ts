import type { ErrorBody } from './http-errors.ts';

/**
 * The client-side failures of reading a request body (body-parser's errors carry a `type` and a
 * 4xx `status`), as the API's error answer; null for anything else. Each is the client's doing,
 * so it is answered, not logged.
 */
export function bodyReadErrorResponse(
  error: unknown,
  maxBodyBytes: number,
): { status: number; body: ErrorBody } | null {
  if (typeof error !== 'object' || error === null) return null;
  const { type, status, charset, encoding } = error as {
    type?: unknown;
    status?: unknown;
    charset?: unknown;
    encoding?: unknown;
  };
  const answer = (code: number, field: string, problem: string) => ({
    status: code,
    body: { error: `${field}: ${problem}`, problems: [{ field, problem }] },
  });
  switch (type) {
    case 'entity.too.large':
      return answer(413, '(body)', `is larger than ${maxBodyBytes} bytes, the most the API reads`);
    case 'entity.parse.failed':
      return answer(400, '(body)', 'is not valid JSON');
    case 'charset.unsupported':
      return answer(
        415,
        'content-type',
        `charset "${String(charset)}" is not accepted; send UTF-8`,
      );
    case 'encoding.unsupported':
      return answer(
        415,
        'content-encoding',
        `"${String(encoding)}" is not accepted; send identity, gzip, deflate or br`,
      );
    case 'request.size.invalid':
      return answer(400, '(body)', 'is not as long as its content-length says');
    case 'request.aborted':
      return answer(400, '(body)', 'ended before it was complete');
    default:
      // A corrupt gzip or deflate stream: body-parser wraps zlib's error in a bare 400.
      if (status === 400 && type === undefined) {
        return answer(400, 'content-encoding', 'the body could not be decoded as announced');
      }
      return null;
  }
}
