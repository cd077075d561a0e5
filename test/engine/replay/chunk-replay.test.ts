import { describe, expect, it } from 'vitest';
import { chunkRecords } from '../../../adapters/csv-fast.js';
import { genericCsv } from '../../../adapters/generic-csv.js';
import { idHashes } from '../../../engine/ingest/id-index.js';
import { loadPlaybook } from '../../../engine/infer/playbook.js';
import { loadPlans } from '../../../engine/pricing/plans.js';
import { replayChunk } from '../../../engine/replay/chunk-replay.js';
import { createReplayer } from '../../../engine/replay/replay-batch.js';
import type { ChunkTask } from '../../../engine/replay/task.js';

const FILE = 'tickets.csv';
const HEADER = 'id,created_at,channel,subject,body';
const r = createReplayer({ seed: 3, environment: 'production', playbook: loadPlaybook(), plans: loadPlans() });
const context = genericCsv.rows!.prepare(HEADER.split(','), [], { file: FILE, tz: 'UTC' });

/** A worker's task for a chunk of text that starts at line `firstLine` of the file. */
function task(text: string, firstLine: number, skipHeader: boolean): ChunkTask {
  return {
    batch: 0, file: FILE, adapter: 'generic-csv', context, delimiter: ',', encoding: 'utf-8', firstLine, skipHeader,
    bytes: new TextEncoder().encode(text), guard: { file: FILE, header: HEADER.split(','), idColumn: 0 },
  };
}

const good = [
  't1,2025-01-02T10:00:00Z,email,Refund for order #A1,I want my money back for the kettle',
  't3,2025-01-03T09:30:00Z,chat,Password,I cannot log in and need a reset',
  't4,2025-02-01T08:00:00Z,email,Where is my parcel,Tracking has not moved for a week',
];

describe('replayChunk', () => {
  it('replays a chunk once when the fast parser gives up partway: the records before it are not counted twice', async () => {
    // Line 3's quote inside an unquoted field is beyond the fast parser: it has handed t1 on by
    // then, and the chunk is read again by csv-parse, which rejects that record alone.
    const text = `${HEADER}\n${good[0]}\nt2,2025-01-02T11:00:00Z,chat,My order is "late",help\n${good[1]}\n${good[2]}\n`;
    const result = await replayChunk(r, task(text, 1, true));
    // csv-parse's items for the chunk (it happens to reject that record twice): header, t1, the rejections, t3, t4.
    const items = await chunkRecords(text, ',', 1, task(text, 1, true).guard!);
    expect(result.records).toBe(items.length - 1);
    expect(result.rejections).toEqual(items.flatMap((i) => (i.rejection ? [i.rejection] : [])));
    expect(result.rejections.map((x) => [x.line, x.code])).toContainEqual([3, 'csv-parse']);
    expect(result.partial.tickets).toBe(3);
    expect([...result.keys.position]).toEqual([2, 4, 5]);
    expect([...result.keys.h1]).toEqual(['t1', 't3', 't4'].map((id) => idHashes(id)[0]));

    // The same three tickets, in a chunk the fast parser reads through, give the same partial.
    const clean = await replayChunk(r, task(`${HEADER}\n${good.join('\n')}\n`, 1, true));
    expect(clean.rejections).toEqual([]);
    expect(result.partial).toEqual(clean.partial);
  });

  it('keeps the keys of more tickets than its first columns hold, in order', async () => {
    const rows = Array.from({ length: 2500 }, (_, k) => `n${k},2025-03-0${1 + (k % 9)}T12:00:00Z,email,Refund,money back please`);
    const result = await replayChunk(r, task(`${rows.join('\n')}\n`, 41, false));
    expect(result.records).toBe(2500);
    expect(result.partial.tickets).toBe(2500);
    expect([...result.keys.position]).toEqual(rows.map((_, k) => 41 + k));
    expect([...result.keys.h2]).toEqual(rows.map((_, k) => idHashes(`n${k}`)[1]));
  });
});
