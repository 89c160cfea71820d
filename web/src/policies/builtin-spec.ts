/**
 * The builtin string for the parameterised family from the form's knobs: `skill` always,
 * `noise`, `latency` and `graspFailure` only when given (they override what skill implies).
 */
export function builtinSpec(family: string, knobs: Record<string, string>): string {
  const query = new URLSearchParams();
  for (const key of ['skill', 'noise', 'latency', 'graspFailure']) {
    const value = knobs[key]?.trim() ?? '';
    if (value !== '') query.set(key, value);
  }
  const text = query.toString();
  return text === '' ? family : `${family}?${text}`;
}
