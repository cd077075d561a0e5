// The yardstick of the performance targets (research/perf-baseline.md): csv-parse alone over the
// file with `columns: true`, streaming, counting records. Prints one JSON line: wall ms, records
// and peak RSS, so bench.mjs can pair it with a replay of the same file.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const started = performance.now();
let records = 0;
const parser = createReadStream(process.argv[2]).pipe(parse({ columns: true, relax_column_count: true }));
for await (const _ of parser) records++;
const usage = process.resourceUsage();
console.log(JSON.stringify({ wallMs: Math.round(performance.now() - started), records, maxRssMiB: Math.round((usage.maxRSS / 1024) * 10) / 10 }));
