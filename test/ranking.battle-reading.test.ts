// Reading battle files: RFC 4180 CSV and JSON Lines in the Chatbot Arena format, read whole or in
// chunks, with errors that name the line and the column.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from '../services/ranking/battle-csv.ts';
import { BattleFileError } from '../services/ranking/battle-errors.ts';
import { createBattleReader, readBattles } from '../services/ranking/battle-reader.ts';
import type { BattleFormat } from '../services/ranking/battle-reader.ts';
import type { BattleLog } from '../services/ranking/battle-log.ts';
import { csvField, formatBattles } from '../services/ranking/battle-writer.ts';

const rows = (text: string) => parseCsv(text).map((r) => r.fields);

test('quoted CSV fields keep commas, doubled quotes and line breaks', () => {
  const text = 'a,b,c\n"x, y","say ""hi""","two\nlines"\nplain,,"" \n';
  assert.deepEqual(rows(text.replace(' \n', '\n')), [
    ['a', 'b', 'c'],
    ['x, y', 'say "hi"', 'two\nlines'],
    ['plain', '', ''],
  ]);
});

test('CRLF line ends, a byte-order mark and blank lines are accepted', () => {
  assert.deepEqual(rows('\uFEFFa,b\r\n1,2\r\n\r\n"3\r\n4",5\r\n'), [
    ['a', 'b'],
    ['1', '2'],
    ['3\r\n4', '5'],
  ]);
});

test('a record starting after a quoted line break reports its own line number', () => {
  const records = parseCsv('h\n"a\nb"\nc\n');
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 2, 4],
  );
});

test('malformed quoting is an error naming the line and character', () => {
  assert.throws(
    () => parseCsv('a,b\n1,x"y\n'),
    /line 2, character 4: a quote inside an unquoted field/,
  );
  assert.throws(() => parseCsv('a,b\n"1"x,2\n'), /line 2, character 4: expected a comma/);
  assert.throws(() => parseCsv('a,b\n"1,2\n'), /line 2: unterminated quoted field/);
});

const CSV = [
  'model_a,model_b,winner,task,judge,extra',
  'alpha,beta,model_a,push,j1,ignored',
  '"gamma, the third",alpha,tie (bothbad),,j2,',
  'beta,"gamma, the third",model_b,push,,"x\ny"',
  'alpha,beta,tie,lift,j1,',
].join('\n');

function battles(log: BattleLog) {
  return Array.from({ length: log.count }, (_, k) => [
    log.policies[log.a[k] ?? -1],
    log.policies[log.b[k] ?? -1],
    log.outcome[k],
    log.tasks[log.task[k] ?? -1] ?? null,
    log.judges[log.judge[k] ?? -1] ?? null,
  ]);
}

const EXPECTED = [
  ['alpha', 'beta', 0, 'push', 'j1'],
  ['gamma, the third', 'alpha', 2, null, 'j2'],
  ['beta', 'gamma, the third', 1, 'push', null],
  ['alpha', 'beta', 2, 'lift', 'j1'],
];

test('CSV battles: required and optional columns, extra columns ignored, both tie spellings', () => {
  assert.deepEqual(battles(readBattles(CSV, 'csv')), EXPECTED);
});

test('JSON Lines battles read the same, with numbers as ids, escapes and nested extras', () => {
  const text = [
    '{"model_a":"alpha","model_b":"beta","winner":"model_a","task":"push","judge":"j1"}',
    '{"model_a": "gamma, the third", "model_b": "alpha", "winner": "tie (bothbad)", "judge": "j2", "meta": {"turns": [1, 2]}}',
    '',
    '{"model_a":"be\\u0074a","model_b":"gamma, the third","winner":"model_b","task":"push","judge":null}',
    '{"winner":"tie","model_a":"alpha","model_b":"beta","task":"lift","judge":"j1","score":-1.5e3}',
  ].join('\n');
  assert.deepEqual(battles(readBattles(text, 'jsonl')), EXPECTED);
  const numeric = readBattles('{"model_a":"a","model_b":"b","winner":"tie","judge":17}\n', 'jsonl');
  assert.deepEqual(numeric.judges, ['17']);
});

for (const format of ['csv', 'jsonl'] as const) {
  test(`${format} read in chunks of any size equals the whole read`, () => {
    const text =
      format === 'csv'
        ? CSV
        : formatBattles(
            [
              {
                model_a: 'a "quoted"',
                model_b: 'b',
                winner: 'tie',
                task: 't',
                judge: 'j',
                comparison_id: 'c1',
                source: 'auto',
              },
              {
                model_a: 'b',
                model_b: 'c,d',
                winner: 'model_a',
                task: 't\nu',
                judge: 'j',
                comparison_id: 'c1',
                source: 'crowd',
              },
            ],
            format,
          );
    const whole = battles(readBattles(text, format));
    for (const size of [1, 2, 3, 7, 50]) {
      const reader = createBattleReader(format);
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      assert.deepEqual(battles(reader.end()), whole, `chunks of ${size}`);
    }
  });
}

test('what the writer writes, the reader reads back unchanged', () => {
  for (const value of ['plain', 'a,b', 'say "x"', 'line\nbreak', ' padded ', '']) {
    assert.deepEqual(rows(`h\n${csvField(value)},end\n`)[1], [value, 'end']);
  }
});

function errorOf(text: string, format: BattleFormat): BattleFileError {
  try {
    readBattles(text, format);
  } catch (error) {
    assert.ok(error instanceof BattleFileError, String(error));
    return error;
  }
  assert.fail('expected a BattleFileError');
}

test('bad battles name the line and the column', () => {
  const header = 'model_a,model_b,winner\n';
  const cases: [string, BattleFormat, number, string | undefined, RegExp][] = [
    ['model_a,model_b\na,b\n', 'csv', 1, 'winner', /no winner column/],
    [header + 'a,b,model_a\na,b,draw\n', 'csv', 3, 'winner', /got "draw"/],
    [header + 'a,,model_a\n', 'csv', 2, 'model_b', /non-empty policy name/],
    [header + 'a,a,tie\n', 'csv', 2, 'model_b', /same policy/],
    [header + 'a,b\n', 'csv', 2, undefined, /expected 3 fields/],
    [header, 'csv', 2, undefined, /no battles/],
    [
      '{"model_a":"a","model_b":"b","winner":"tie"}\n{"model_a":"a",\n',
      'jsonl',
      2,
      undefined,
      /invalid JSON/,
    ],
    ['[1,2]\n', 'jsonl', 1, undefined, /must be a JSON object/],
    ['{"model_a":"a","model_b":7,"winner":"tie"}\n', 'jsonl', 1, 'model_b', /got 7/],
    [
      '{"model_a":"a","model_b":"b","winner":"tie","task":{"x":1}}\n',
      'jsonl',
      1,
      'task',
      /string or a number/,
    ],
  ];
  for (const [text, format, line, column, message] of cases) {
    const error = errorOf(text, format);
    assert.equal(error.line, line, `${text}: line`);
    assert.equal(error.column, column, `${text}: column`);
    assert.match(error.message, message);
    assert.match(error.message, new RegExp(`^line ${line}`));
  }
});
