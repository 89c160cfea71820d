import express, { type RequestHandler } from 'express';
import { FieldError } from '../errors.ts';

/** Largest request body the API reads, after decompression. */
export const maxBodyBytes = 1024 * 1024;

/**
 * What the API reads as a request body: JSON in UTF-8 (identity, gzip, deflate or br encoded) of
 * at most `maxBodyBytes`. Anything else is refused before it is read, with the header it is about
 * named, so a client learns what to change instead of meeting a 500 or a missing-field error.
 * Object keys that name JavaScript's prototype machinery are refused wherever they appear: they
 * are never meaningful here, and stored they would reach code that spreads or merges objects.
 */
export function jsonBody(): RequestHandler[] {
  return [
    requireJsonContentType,
    express.json({ limit: maxBodyBytes, type: 'application/json' }),
    rejectPrototypeKeys,
  ];
}

const requireJsonContentType: RequestHandler = (req, _res, next) => {
  if (!carriesBody(req.headers)) return next();
  const header = req.headers['content-type'];
  if (header === undefined) {
    return next(unsupported('content-type', 'is missing; send the body as application/json'));
  }
  const { type, charset } = parseMediaType(header);
  if (type !== 'application/json') {
    return next(unsupported('content-type', `"${type}" is not accepted; send application/json`));
  }
  if (charset !== undefined && charset !== 'utf-8') {
    return next(unsupported('content-type', `charset "${charset}" is not accepted; send UTF-8`));
  }
  next();
};

/** Request and response headers alike: a body is announced by its length or by chunking. */
function carriesBody(headers: {
  'content-length'?: string;
  'transfer-encoding'?: string;
}): boolean {
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/** The media type and charset of a Content-Type header, lower-cased. */
function parseMediaType(header: string): { type: string; charset: string | undefined } {
  const [type = '', ...parameters] = header.split(';').map((part) => part.trim());
  const charset = parameters
    .map((parameter) => /^charset\s*=\s*"?([^"]*)"?$/i.exec(parameter)?.[1])
    .find((value) => value !== undefined);
  return { type: type.toLowerCase(), charset: charset?.toLowerCase() };
}

function unsupported(field: string, problem: string): FieldError {
  return new FieldError(field, problem, 415);
}

/** Names JavaScript gives meaning to on every object; never a field, key or name here. */
export const prototypeKeys: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

const rejectPrototypeKeys: RequestHandler = (req, _res, next) => {
  const found = prototypeKeyPath(req.body);
  if (found === null) return next();
  next(new FieldError(found, 'is a reserved JavaScript name and cannot be used as a key'));
};

/**
 * The path (`observation.__proto__`, `tasks[0].perturbations.constructor`) of the first
 * prototype key in a parsed JSON value, or null. Iterative, so nesting depth cannot exhaust the
 * stack.
 */
export function prototypeKeyPath(value: unknown): string | null {
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const { value: node, path } = item;
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      node.forEach((entry, i) => pending.push({ value: entry, path: `${path}[${i}]` }));
      continue;
    }
    for (const [key, entry] of Object.entries(node)) {
      const keyPath = path === '' ? key : `${path}.${key}`;
      if (prototypeKeys.has(key)) return keyPath;
      pending.push({ value: entry, path: keyPath });
    }
  }
  return null;
}
