import { randomUUID } from 'node:crypto';

/** A random id with a readable prefix (`pol_3f9a…`); never contains ':' so it is a valid job id. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/** The timestamp format of every table: ISO-8601 UTC, sortable as text on both databases. */
export function nowIso(): string {
  return new Date().toISOString();
}
