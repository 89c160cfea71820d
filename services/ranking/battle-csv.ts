import { BattleFileError } from './battle-errors.ts';

/** Receives one CSV record: its fields and the 1-based line on which the record starts. */
export type CsvRecordHandler = (fields: string[], line: number) => void;

const QUOTE = 34; // "
const COMMA = 44; // ,
const NEWLINE = 10; // \n
const RETURN = 13; // \r

/**
 * An RFC 4180 CSV parser that can be fed chunks of text (a file read whole, or a stream): quoted
 * fields may hold commas, doubled quotes and line breaks; CRLF and LF line ends and a leading
 * byte-order mark are accepted; blank lines are skipped. Malformed quoting throws
 * BattleFileError with the line and character column.
 *
 * Records without any quote are split with native `indexOf`/`split`, which is what makes a
 * million-row file parse in a fraction of a second; only records containing a quote take the
 * character-by-character path.
 */
export class CsvParser {
  private buffer = '';
  /** Line number of the first character of `buffer`. */
  private line = 1;
  private started = false;

  constructor(private readonly onRecord: CsvRecordHandler) {}

  /** Parses every complete record in `chunk` (plus what earlier chunks left over). */
  push(chunk: string): void {
    this.buffer = this.buffer === '' ? chunk : this.buffer + chunk;
    this.consume(false);
  }

  /** Parses the remainder; an unterminated quoted field is an error here. */
  end(): void {
    this.consume(true);
    this.buffer = '';
  }

  private consume(final: boolean): void {
    let text = this.buffer;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let position = 0;
    let line = this.line;
    let nextQuote = text.indexOf('"');
    if (nextQuote < 0) nextQuote = text.length;
    while (position < text.length) {
      let lineEnd = text.indexOf('\n', position);
      if (lineEnd < 0) {
        // A record without its line end may continue in the next chunk.
        if (!final) break;
        lineEnd = text.length;
      }
      if (nextQuote < position) {
        nextQuote = text.indexOf('"', position);
        if (nextQuote < 0) nextQuote = text.length;
      }
      if (nextQuote >= lineEnd) {
        const contentEnd =
          lineEnd > position && text.charCodeAt(lineEnd - 1) === RETURN ? lineEnd - 1 : lineEnd;
        if (contentEnd > position) {
          this.onRecord(text.slice(position, contentEnd).split(','), line);
        }
        position = lineEnd + 1;
        line++;
        continue;
      }
      const parsed = parseQuotedRecord(text, position, line, final);
      if (parsed === null) break; // incomplete: wait for more text
      this.onRecord(parsed.fields, line);
      position = parsed.next;
      line = parsed.nextLine;
    }
    this.buffer = position >= text.length ? '' : text.slice(position);
    this.line = line;
  }
}

interface ParsedRecord {
  fields: string[];
  /** Index just past the record's line end. */
  next: number;
  nextLine: number;
}

/**
 * Parses one record that contains a quote, character by character. Returns null when the text
 * ends inside the record and more may come (`final` false).
 */
function parseQuotedRecord(
  text: string,
  start: number,
  startLine: number,
  final: boolean,
): ParsedRecord | null {
  const fields: string[] = [];
  let line = startLine;
  let lineStart = start;
  let i = start;
  for (;;) {
    // At the start of a field.
    if (text.charCodeAt(i) === QUOTE) {
      let value = '';
      let segment = i + 1;
      i++;
      for (;;) {
        if (i >= text.length) {
          if (!final) return null;
          throw new BattleFileError('unterminated quoted field', startLine, undefined);
        }
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          if (text.charCodeAt(i + 1) === QUOTE) {
            value += text.slice(segment, i + 1);
            i += 2;
            segment = i;
            continue;
          }
          if (i + 1 >= text.length && !final) return null;
          value += text.slice(segment, i);
          i++;
          break;
        }
        if (c === NEWLINE) {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      fields.push(value);
    } else {
      const fieldStart = i;
      while (i < text.length) {
        const c = text.charCodeAt(i);
        if (c === COMMA || c === NEWLINE) break;
        if (c === QUOTE) {
          throw new BattleFileError(
            'a quote inside an unquoted field (quote the whole field and double the quote)',
            line,
            undefined,
            i - lineStart + 1,
          );
        }
        i++;
      }
      if (i >= text.length && !final) return null;
      let end = i;
      if (end > fieldStart && text.charCodeAt(end - 1) === RETURN) end--;
      fields.push(text.slice(fieldStart, end));
    }
    // After a field: a comma, a line end, or the end of the text.
    if (i >= text.length) return { fields, next: i, nextLine: line };
    const c = text.charCodeAt(i);
    if (c === COMMA) {
      i++;
      continue;
    }
    if (c === RETURN && text.charCodeAt(i + 1) === NEWLINE) i++;
    else if (c === RETURN && i + 1 >= text.length) {
      if (!final) return null;
      return { fields, next: i + 1, nextLine: line };
    }
    if (text.charCodeAt(i) === NEWLINE) return { fields, next: i + 1, nextLine: line + 1 };
    throw new BattleFileError(
      'expected a comma or a line end after a closing quote',
      line,
      undefined,
      i - lineStart + 1,
    );
  }
}

/** All records of a complete CSV text, for callers that do not stream. */
export function parseCsv(text: string): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  const parser = new CsvParser((fields, line) => records.push({ fields, line }));
  parser.push(text);
  parser.end();
  return records;
}
