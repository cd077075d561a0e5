/**
 * The hostile-input corpus (test/fixtures/bad/, listed with its outcomes in its README.md): every
 * bad input through the real CLI, with the outcome pinned. An input is either replayed with its
 * bad records quarantined (each in rejected.csv with its line, code and reason, and the counts
 * reconcile), or refused with exit 1 and one sentence that names the file and the line or field.
 * Never a stack trace, a hang, a half-written output folder or a record silently dropped.
 *
 * Inputs too big to commit (a 20 MB field, a 1 MB header line, a million NDJSON lines) are
 * generated here, in a temporary folder, from the recipes below.
 */

import { createWriteStream, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli, tempDir } from '../helpers/run-cli.js';
import type { Summary } from '../../engine/summary.js';

// Each case is a whole CLI run, several at once (it.concurrent): generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 300_000 });

const BAD = 'test/fixtures/bad';
const bad = (name: string) => `${BAD}/${name}`;

interface Quarantined {
  /** Rejections, in rejected.csv order: [line, code, a piece of the reason]. */
  rejected: [number, string, string?][];
  replayed: number;
}

/** Runs `run` and returns its outcome; every run also checks what must hold for any input. */
async function run(args: string[]) {
  const parent = tempDir('bad-input-');
  const out = join(parent, 'out');
  const r = await runCli(['run', ...args, '-o', out, '-q', '--forecast-months', '0'], { timeoutMs: 120_000 });
  // Whatever happened: no stack trace, nothing half-written beside --out.
  expect(r.stderr, r.stderr).not.toMatch(/^\s+at /m);
  expect(readdirSync(parent).filter((f) => f.includes('.tmp-')), `temporary folders left behind (exit code ${r.code}, signal ${r.signal ?? 'none'}): ${r.stderr}`).toEqual([]);
  return { ...r, out };
}

/** A run that must succeed, quarantining exactly `expected.rejected`. */
async function expectQuarantined(args: string[], expected: Quarantined): Promise<Summary> {
  const r = await run(args);
  expect(r.code, r.stderr).toBe(0);
  const summary = JSON.parse(readFileSync(join(r.out, 'summary.json'), 'utf8')) as Summary;
  const rows = parse(readFileSync(join(r.out, 'rejected.csv')), { columns: true }) as Record<string, string>[];
  expect(rows.map((row) => [Number(row.line), row.code])).toEqual(expected.rejected.map(([line, code]) => [line, code]));
  expected.rejected.forEach(([, , reason], i) => {
    if (reason) expect(rows[i].reason).toContain(reason);
  });
  expect(summary.counts.rejected).toBe(rows.length);
  expect(summary.counts.replayed).toBe(expected.replayed);
  expect(summary.counts.read).toBe(summary.counts.replayed + summary.counts.rejected);
  return summary;
}

/** A run that must fail with `exit`, in one sentence matching `sentence`, leaving no output folder. */
async function expectRefused(args: string[], exit: number, sentence: RegExp): Promise<string> {
  const r = await run(args);
  expect(r.code, r.stderr).toBe(exit);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^ticket-replay: /);
  expect(lines[0]).toMatch(sentence);
  expect(existsSync(r.out), 'an output folder after a fatal error').toBe(false);
  return lines[0];
}

describe('bad ticket files: refused in one sentence naming the file', () => {
  it.concurrent('an empty file', async () => {
    await expectRefused([bad('empty.csv')], 1, /test\/fixtures\/bad\/empty\.csv is empty: there is no header row/);
  });

  it.concurrent('a header and no records', async () => {
    await expectRefused([bad('header-only.csv')], 1, /test\/fixtures\/bad\/header-only\.csv has no records after the header/);
  });

  it.concurrent('random binary bytes', async () => {
    await expectRefused([bad('binary-garbage.csv')], 1, /binary-garbage\.csv is binary data, not text/);
  });

  it.concurrent('a PNG renamed .csv', async () => {
    await expectRefused([bad('png-renamed.csv')], 1, /png-renamed\.csv is a PNG image/);
  });

  it.concurrent('a pipe-delimited file: no adapter recognises it, and forced it has no id column', async () => {
    await expectRefused([bad('wrong-delimiter.csv')], 1, /wrong-delimiter\.csv: no adapter recognises this file/);
    await expectRefused([bad('wrong-delimiter.csv'), '--adapter', 'generic-csv'], 1, /wrong-delimiter\.csv:1 has no ticket id column .*pass --mapping/);
  });

  it.concurrent('JSON of the wrong shape', async () => {
    await expectRefused([bad('json-wrong-shape.json')], 1, /json-wrong-shape\.json: no adapter recognises this file/);
    await expectRefused([bad('json-wrong-shape-array.json')], 1, /json-wrong-shape-array\.json: no adapter recognises this file/);
  });

  it.concurrent('every record bad: the first one named, with its line and field', async () => {
    await expectRefused(
      [bad('all-records-bad.csv')],
      1,
      /all 3 records were rejected; the first, test\/fixtures\/bad\/all-records-bad\.csv:2: invalid date in "created_at"/,
    );
  });
});

describe('bad records: quarantined with a reason, the rest replayed', () => {
  it.concurrent('an unclosed quote at the end of the file', async () => {
    await expectQuarantined([bad('unclosed-quote-eof.csv')], { rejected: [[3, 'csv-parse', 'Quote Not Closed: the parsing is finished with an opening quote at line 4 (the record runs from line 3 to line 4)']], replayed: 1 });
  });

  it.concurrent('ragged rows, short and long', async () => {
    await expectQuarantined([bad('ragged-rows.csv')], { rejected: [[3, 'ragged-row', '3 fields'], [4, 'ragged-row', '8 fields']], replayed: 2 });
  });

  it.concurrent('invalid, impossible, far-off and missing dates', async () => {
    const s = await expectQuarantined([bad('bad-dates.csv')], {
      rejected: [
        [3, 'bad-date', '"not a date"'],
        [4, 'bad-date', '"2025-02-30T10:00:00Z"'],
        [5, 'bad-date', '"2025-04-31T25:61:00Z"'],
        [6, 'bad-date', '"9999-12-31T23:59:59Z" (dates from 1990 to 2099 are read)'],
        [7, 'bad-date', '"1899-01-01T00:00:00Z"'],
        [9, 'missing-field', 'created_at'],
      ],
      replayed: 2,
    });
    // One far-off year would otherwise stretch the period (and every monthly table) to it.
    expect(s.period).toEqual({ from: '2025-04-01', to: '2025-04-05' });
  });

  it.concurrent('NaN and negative counts', async () => {
    await expectQuarantined([bad('bad-numbers-zendesk.csv')], {
      rejected: [
        [3, 'bad-number', '"Replies" is not a count of zero or more: "NaN"'],
        [4, 'bad-number', '"Reopens" is not a count of zero or more: "-2"'],
        [5, 'bad-number', '"1e400"'],
        [6, 'bad-number', '"three"'],
      ],
      replayed: 2,
    });
  });

  it.concurrent('repeated and missing ids', async () => {
    await expectQuarantined([bad('duplicate-ids.csv')], {
      rejected: [[6, 'missing-id'], [2, 'duplicate-superseded'], [5, 'duplicate-id']],
      replayed: 2,
    });
  });

  it.concurrent('latin-1 bytes in a UTF-8 file: that record, naming --encoding; with --encoding latin1 none', async () => {
    await expectQuarantined([bad('latin1-in-utf8.csv')], { rejected: [[3, 'bad-encoding', 'field "subject" holds bytes that are not valid']], replayed: 2 });
  });

  it.concurrent('JSON cut off in the middle of an object: the 4th element (a document is not read by lines)', async () => {
    await expectQuarantined([bad('json-cut-mid-object.json')], { rejected: [[4, 'bad-json']], replayed: 3 });
  });

  it.concurrent('a ticket nested 10,000 deep: that record, naming --max-depth; a whole document so deep is its only record', async () => {
    await expectQuarantined([bad('json-nested-10000.ndjson')], { rejected: [[2, 'too-deep', 'nested more than 64 levels deep (arrays and objects; raise the limit with --max-depth)']], replayed: 2 });
    await expectRefused([bad('json-nested-10000-document.json')], 1, /json-nested-10000-document\.json: no adapter recognises this file/);
    await expectRefused(
      [bad('json-nested-10000-document.json'), '--adapter', 'zendesk-json'],
      1,
      /the one record was rejected; the first, test\/fixtures\/bad\/json-nested-10000-document\.json:1: nested more than 64 levels deep/,
    );
  });

  it.concurrent('NDJSON with one bad line', async () => {
    await expectQuarantined([bad('ndjson-one-bad-line.ndjson')], { rejected: [[3, 'bad-json']], replayed: 4 });
  });
});

describe('inputs too big to commit, generated', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('bad-generated-');
  });
  const header = 'id,created_at,channel,subject,body\n';
  const row = (id: number, body = 'Where is my order? It has not arrived') => `${id},2025-04-0${1 + (id % 8)}T10:00:00Z,email,Order ${id},"${body}"\n`;

  it.concurrent('a 20 MB field: over the record limit; a 6 MB one: over the field limit; each quarantined naming the limit and its option', async () => {
    const file = join(dir, 'huge-field.csv');
    writeFileSync(file, header + row(1) + row(2, 'refund '.repeat(3_000_000)) + row(3) + row(4, 'refund '.repeat(900_000)) + row(5));
    await expectQuarantined([file], {
      rejected: [
        [3, 'record-too-large', 'record is 20.0 MiB, over the 16 MiB limit (raise it with --max-record-size)'],
        [5, 'field-too-large', 'field "body" is 6.0 MiB, over the 4 MiB limit (raise it with --max-field-size)'],
      ],
      replayed: 3,
    });
    await expectQuarantined([file, '--max-field-size', '32MiB', '--max-record-size', '32MiB'], { rejected: [], replayed: 5 });
  });

  it.concurrent('a 1 MB header line: 100,000 columns make every row ragged; over --max-record-size it is refused', async () => {
    const file = join(dir, 'huge-header.csv');
    const extra = Array.from({ length: 100_000 }, (_, i) => `column_${i}`).join(',');
    writeFileSync(file, `${header.trimEnd()},${extra}\n${row(1)}${row(2)}`);
    await expectRefused([file], 1, /all 2 records were rejected; the first, .*huge-header\.csv:2: row has 5 fields, the header has 100005/);
    // With no id column among them, the sentence lists the first 20 and counts the rest.
    const noId = join(dir, 'huge-header-no-id.csv');
    writeFileSync(noId, `${extra}\n${extra}\n`);
    const sentence = await expectRefused([noId, '--adapter', 'generic-csv'], 1, /huge-header-no-id\.csv:1 has no ticket id column .*"column_19" and 99,980 more\); pass --mapping/);
    expect(sentence.length).toBeLessThan(600);
    await expectRefused([file, '--max-record-size', '512KiB'], 1, /huge-header\.csv:1: the header line is 1\.2 MiB, over the 512 KiB record limit \(raise it with --max-record-size\)/);
  });

  it.concurrent('NDJSON with one bad line in a million', async () => {
    const file = join(dir, 'million.ndjson');
    await new Promise<void>((done, fail) => {
      const out = createWriteStream(file).on('error', fail).on('finish', done);
      let text = '';
      for (let id = 1; id <= 1_000_000; id++) {
        const at = new Date(Date.UTC(2025, 0, 1) + (id % 300) * 86_400_000).toISOString();
        text += id === 500_001
          ? `{"id":${id},"created_at":"${at}","subject":"cut\n`
          : `${JSON.stringify({ id, created_at: at, subject: 'Where is my order', description: `Order ${id} has not arrived`, via: { channel: 'email' }, status: 'solved', tags: [] })}\n`;
        if (text.length > 1 << 20) {
          out.write(text);
          text = '';
        }
      }
      out.end(text);
    });
    await expectQuarantined([file, '--adapter', 'zendesk-json'], { rejected: [[500_001, 'bad-json', 'Unterminated string']], replayed: 999_999 });
  });
});

describe('inputs that look bad but are read', () => {
  it.concurrent('UTF-16 with a byte-order mark, and without one', async () => {
    const withBom = await expectQuarantined([bad('utf16le-bom.csv')], { rejected: [], replayed: 2 });
    const without = await expectQuarantined([bad('utf16le-no-bom.csv')], { rejected: [], replayed: 2 });
    expect(without.plans).toEqual(withBom.plans);
  });

  it.concurrent('latin-1 read as latin-1', async () => {
    await expectQuarantined([bad('latin1-in-utf8.csv'), '--encoding', 'latin1'], { rejected: [], replayed: 3 });
  });

  it.concurrent('formula payloads in subjects, tags and requesters: replayed, and no output cell a spreadsheet would run', async () => {
    const r = await run([bad('formula-subjects.csv')]);
    expect(r.code, r.stderr).toBe(0);
    const tables = readdirSync(join(r.out, 'tables')).map((f) => join(r.out, 'tables', f));
    const cells = [...tables, join(r.out, 'rejected.csv')].flatMap((f) => (parse(readFileSync(f)) as string[][]).flat());
    expect(cells.some((c) => c.includes('cmd|'))).toBe(true);
    expect(cells.filter((c) => /^[=+@\t\r]/.test(c) || (/^-/.test(c) && !/^-\d+(\.\d+)?$/.test(c)))).toEqual([]);
  });

  it.concurrent('<script> and </script> in subjects, bodies and tags: replayed, and escaped in report.html and report.md', async () => {
    const r = await run([bad('script-bodies.csv')]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(r.out, 'report.html'), 'utf8');
    // Checked with test() so that a failure does not print the whole 1 MB page.
    expect(/<script>alert|<img src=x/i.test(html)).toBe(false);
    // Tags split at spaces: the tag `<img` is shown, escaped, in the cost-by-tag table.
    expect(html).toContain('<td class="name">&lt;img</td>');
    expect(/<img src=x|<script>/i.test(readFileSync(join(r.out, 'report.md'), 'utf8'))).toBe(false);
  });

  it.concurrent('__proto__ and constructor keys in ticket JSON are plain data', async () => {
    const s = await expectQuarantined([bad('json-proto-keys.ndjson')], { rejected: [], replayed: 2 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(s.counts.replayed).toBe(2);
  });
});

describe('bad configuration files: refused naming the file, the line and the field', () => {
  it.concurrent('`playbook <file>` refuses a slow pattern with the same probe, and takes --regex-timeout', async () => {
    const slow = await runCli(['playbook', bad('playbook-slow-regex.yaml')]);
    expect(slow.code).toBe(1);
    expect(slow.stderr).toMatch(/^ticket-replay: .*playbook-slow-regex\.yaml, line 6, .*raise the limit with --regex-timeout\.\n$/);
    const usage = await runCli(['playbook', bad('playbook-slow-regex.yaml'), '--regex-timeout', '0']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--regex-timeout');
  });

  const plans = (file: string, sentence: RegExp) => expectRefused(['test/fixtures/generic-csv/tickets.csv', '--plans', bad(file)], 1, sentence);
  const playbook = (file: string, sentence: RegExp) => expectRefused(['test/fixtures/generic-csv/tickets.csv', '--playbook', bad(file)], 1, sentence);

  it.concurrent('__proto__ keys in JSON and YAML plans, and in a playbook and a mapping', async () => {
    await plans('plans-proto-keys.json', /plans-proto-keys\.json, line 1, field "__proto__": a key named __proto__ is not allowed/);
    await plans('plans-proto-keys.yaml', /plans-proto-keys\.yaml, line 8, field "__proto__"/);
    await playbook('playbook-proto-keys.yaml', /playbook-proto-keys\.yaml, line 1, field "__proto__"/);
    await expectRefused([bad('mapping-target.csv'), '--mapping', bad('mapping-proto-keys.json')], 1, /mapping-proto-keys\.json, line 1, field "__proto__"/);
  });

  it.concurrent('a YAML alias bomb', async () => {
    await plans('plans-billion-laughs.yaml', /plans-billion-laughs\.yaml is not valid JSON or YAML: Excessive alias count/);
  });

  it.concurrent('negative, absurd and NaN prices', async () => {
    await plans('plans-negative-price.yaml', /plans-negative-price\.yaml, line 5, field "plans\[0\]\.usdPerConversation"/);
    await plans('plans-absurd-price.yaml', /plans-absurd-price\.yaml, line 5, field "plans\[0\]\.usdPerResolution": expected a price in USD from 0 to 1,000,000,000/);
    await plans('plans-nan-price.json', /plans-nan-price\.json, line 1, field "plans\[0\]\.usdPerConversation": .*expected number/);
  });

  it.concurrent('an unknown pricing model, and missing fields', async () => {
    await plans('plans-unknown-model.yaml', /plans-unknown-model\.yaml, line 4, field "plans\[0\]\.model": unknown pricing model "per-vibe"/);
    await plans('plans-missing-fields.yaml', /plans-missing-fields\.yaml, line 2, field "plans\[0\]\.creditsPerAction"/);
  });

  it.concurrent('a playbook with an invalid regex, and one that can backtrack catastrophically', async () => {
    await playbook('playbook-invalid-regex.yaml', /playbook-invalid-regex\.yaml, line 4, field "intents\[0\]\.patterns\[0\]": invalid regular expression/);
    await playbook('playbook-catastrophic.yaml', /playbook-catastrophic\.yaml, line 4, field "intents\[0\]\.patterns\[0\]": this pattern repeats a group/);
    await playbook('playbook-slow-regex.yaml', /playbook-slow-regex\.yaml, line 6, field "intents\[0\]\.patterns\[0\]": this pattern took over 200 ms on a test text of \d+ characters.*--regex-timeout/);
  });
});
