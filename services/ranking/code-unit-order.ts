/**
 * Orders strings by UTF-16 code units, not localeCompare: policy and pattern order (and so a
 * seeded bootstrap) must not depend on the host's locale.
 */
export const byCodeUnits = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
