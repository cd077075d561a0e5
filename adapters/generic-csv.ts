/**
 * generic-csv: any CSV with one ticket per row. Columns are found by name (case-insensitive,
 * `_`/`-`/space variants) or named by a `--mapping`. An optional `actions` column (names
 * separated by `;`) replays those exact actions with no inference.
 *
 * Streams through csv-parse: memory does not grow with the file. A malformed record (ragged row,
 * bad date, missing id, unreadable quoting) is yielded as a rejection with file, line and reason.
 */

import type { Readable } from 'node:stream';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';
import { toChannel, type Channel, type Ticket } from '../engine/ticket.js';
import { csvRowsInDateOrder, DATE_ORDER_SAMPLE, headerCells } from './csv.js';
import { toGenericCsvRow, writeGenericCsvHeader } from './generic-csv-format.js';
import { cellMessages, type MessageColumn } from './message-columns.js';
import type { Adapter, ReadContext, ReadItem, RowReader } from './adapter.js';
import { CANONICAL_FIELDS, type CanonicalField, type Mapping } from './mapping.js';
import { htmlToText, plainText, splitTags } from './text.js';
import { detectDateOrder, parseTimestamp, type DateOrder } from './time.js';

/** `Created At`, `created-at`, `createdAt` → `createdat`. */
export function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

type ColumnIndex = Partial<Record<CanonicalField, number>>;

/** Resolves each canonical field to a column position, once per file. */
export function resolveColumns(
  header: string[],
  file: string,
  mapping?: Mapping,
): { index: ColumnIndex; tagIndexes: number[]; messageIndexes: [MessageColumn, number[]][] } {
  const byName = new Map<string, number>();
  header.forEach((h, i) => {
    const key = normalizeHeader(h);
    if (!byName.has(key)) byName.set(key, i);
  });
  const index: ColumnIndex = {};
  for (const field of CANONICAL_FIELDS) {
    const named = mapping?.columns[field];
    if (named !== undefined) {
      const at = byName.get(normalizeHeader(named));
      if (at === undefined) throw new ReplayError('CONFIG', messages.mappingColumnMissing(file, field, named), { file, line: 1, field });
      index[field] = at;
    } else {
      const at = byName.get(normalizeHeader(field));
      if (at !== undefined) index[field] = at;
    }
  }
  if (index.id === undefined) throw new ReplayError('INPUT', messages.noIdColumn(file, header), { file, line: 1, field: 'id' });
  if (index.created_at === undefined) {
    throw new ReplayError('INPUT', messages.mappingColumnMissing(file, 'created_at', mapping?.columns.created_at ?? 'created_at'), {
      file, line: 1, field: 'created_at',
    });
  }
  const tagIndexes = (mapping?.tagColumns ?? []).map((name) => {
    const at = byName.get(normalizeHeader(name));
    if (at === undefined) throw new ReplayError('CONFIG', messages.mappingColumnMissing(file, 'tagColumns', name), { file, line: 1, field: 'tagColumns' });
    return at;
  });
  const messageIndexes = (mapping?.messages ?? []).map((spec): [MessageColumn, number[]] => {
    const key = normalizeHeader(spec.column);
    const at = header.flatMap((h, i) => (normalizeHeader(h) === key ? [i] : []));
    if (at.length === 0) throw new ReplayError('CONFIG', messages.mappingColumnMissing(file, 'messages', spec.column), { file, line: 1, field: 'messages' });
    return [spec, at];
  });
  return { index, tagIndexes, messageIndexes };
}

interface RowContext {
  file: string;
  tz: string;
  dateOrder: DateOrder;
  channels: Record<string, Channel>;
  index: ColumnIndex;
  tagIndexes: number[];
  messageIndexes: [MessageColumn, number[]][];
  width: number;
}

/**
 * A field of a row, trimmed ('' when the file has no such column). It and rejectRow are plain
 * functions, not closures made for every record in rowToTicket: each record passes there.
 */
function cell(row: string[], c: RowContext, field: CanonicalField): string {
  const at = c.index[field];
  return at === undefined ? '' : (row[at] ?? '').trim();
}

function rejectRow(c: RowContext, line: number, id: string, code: string, reason: string): ReadItem {
  return { rejection: { file: c.file, line, id, code, reason } };
}

/** One CSV record to a ticket or a rejection. Pure. */
export function rowToTicket(row: string[], line: number, c: RowContext): ReadItem {
  const id = cell(row, c, 'id');
  if (row.length !== c.width) return rejectRow(c, line, id, 'ragged-row', messages.raggedRow(row.length, c.width));
  if (!id) return rejectRow(c, line, id, 'missing-id', messages.missingId());
  const createdRaw = cell(row, c, 'created_at');
  if (!createdRaw) return rejectRow(c, line, id, 'missing-field', messages.missingField('created_at'));
  const createdAt = parseTimestamp(createdRaw, c.tz, c.dateOrder);
  if (createdAt === null) return rejectRow(c, line, id, 'bad-date', messages.badDate('created_at', createdRaw));
  // Optional times: blank is absent, unreadable rejects the record.
  const solvedRaw = cell(row, c, 'solved_at');
  const solvedAt = solvedRaw ? parseTimestamp(solvedRaw, c.tz, c.dateOrder) : undefined;
  if (solvedAt === null) return rejectRow(c, line, id, 'bad-date', messages.badDate('solved_at', solvedRaw));
  const updatedRaw = cell(row, c, 'updated_at');
  const updatedAt = updatedRaw ? parseTimestamp(updatedRaw, c.tz, c.dateOrder) : undefined;
  if (updatedAt === null) return rejectRow(c, line, id, 'bad-date', messages.badDate('updated_at', updatedRaw));
  const channelRaw = cell(row, c, 'channel');
  const channelKey = channelRaw.toLowerCase();
  const tags = splitTags(cell(row, c, 'tags'));
  for (const at of c.tagIndexes) {
    const value = (row[at] ?? '').trim();
    if (value) tags.push(value);
  }
  const actionsRaw = cell(row, c, 'actions');
  const ticket: Ticket = {
    id,
    createdAt,
    // Own keys only: a channel named `constructor` is not Object.prototype's (nor in a worker, after a structured clone).
    channel: Object.hasOwn(c.channels, channelKey) ? c.channels[channelKey] : toChannel(channelRaw),
    subject: htmlToText(cell(row, c, 'subject')),
    body: plainText(cell(row, c, 'body')),
    tags,
    status: cell(row, c, 'status').toLowerCase(),
    priority: cell(row, c, 'priority').toLowerCase(),
    requester: cell(row, c, 'requester'),
    group: cell(row, c, 'group'),
    messages: [],
    events: [],
    source: { file: c.file, line },
  };
  if (c.messageIndexes.length > 0) {
    const mctx = { tz: c.tz, dateOrder: c.dateOrder, requester: ticket.requester, createdAt };
    for (const [spec, positions] of c.messageIndexes) {
      for (const at of positions) ticket.messages.push(...cellMessages(row[at] ?? '', spec, mctx));
    }
    ticket.messages.sort((a, b) => a.at - b.at);
  }
  if (solvedAt !== undefined) ticket.solvedAt = solvedAt;
  if (updatedAt !== undefined) ticket.updatedAt = updatedAt;
  if (actionsRaw) ticket.actions = actionsRaw.split(';').map((a) => a.trim()).filter(Boolean);
  return { ticket };
}

/** The date order of a file: given (`--date-order`, a mapping), else told from the sample's created_at column. */
function settledOrder(ctx: ReadContext, column: number, sample: string[][]): DateOrder {
  const given = ctx.mapping?.dateOrderGiven ? ctx.mapping.dateOrder : ctx.dateOrder;
  return given ?? detectDateOrder(sample.map((r) => r[column] ?? '')) ?? 'mdy';
}

/** The chunked reader's view of `read`: the same RowContext, built from the header and the first records. */
const rows: RowReader = {
  sampleSize: DATE_ORDER_SAMPLE,
  prepare(header, sample, ctx): RowContext {
    const columns = resolveColumns(header, ctx.file, ctx.mapping);
    return {
      file: ctx.file, tz: ctx.mapping?.tz ?? ctx.tz, dateOrder: settledOrder(ctx, columns.index.created_at!, sample),
      channels: ctx.mapping?.channels ?? {}, index: columns.index, tagIndexes: columns.tagIndexes, messageIndexes: columns.messageIndexes,
      width: header.length,
    };
  },
  toItem: (record, line, context) => rowToTicket(record, line, context as RowContext),
};

async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  let header: string[] | undefined;
  let columns: ReturnType<typeof resolveColumns> | undefined;
  const given = ctx.mapping?.dateOrderGiven ? ctx.mapping.dateOrder : ctx.dateOrder;
  const dateColumns = (h: string[]) => {
    columns = resolveColumns(h, ctx.file, ctx.mapping); // a bad header fails before any row
    return [columns.index.created_at!];
  };
  let row: RowContext | undefined;
  for await (const { header: head, item, order } of csvRowsInDateOrder(input, ctx, given, dateColumns)) {
    if (head) {
      header = head;
      continue;
    }
    if (item.rejection) {
      yield { rejection: item.rejection };
      continue;
    }
    if (!row || row.dateOrder !== order) {
      row = {
        file: ctx.file, tz: ctx.mapping?.tz ?? ctx.tz, dateOrder: order, channels: ctx.mapping?.channels ?? {},
        index: columns!.index, tagIndexes: columns!.tagIndexes, messageIndexes: columns!.messageIndexes, width: header!.length,
      };
    }
    yield rowToTicket(item.record, item.line, row);
  }
  if (!header) throw new ReplayError('INPUT', messages.emptyInput(ctx.file), { file: ctx.file, line: 1 });
}

export const genericCsv: Adapter = {
  name: 'generic-csv',
  description: 'Any CSV with one ticket per row; columns by name or by --mapping.',
  detection: 'a header row with an id column and a created_at column (or any CSV given --mapping)',
  exportHowTo: 'Any spreadsheet or database export saved as CSV; name unusual headers with --mapping.',
  detect({ text }) {
    const cells = headerCells(text);
    const names = new Set(cells.map(normalizeHeader));
    const evidence = ['id', 'created_at', 'subject', 'body'].filter((c) => names.has(normalizeHeader(c)));
    const score = (names.has('id') ? 0.3 : 0) + (names.has('createdat') ? 0.3 : 0) + (names.has('subject') || names.has('body') ? 0.1 : 0);
    return { score: cells.length > 1 ? score : 0, evidence };
  },
  read,
  rows,
  *write(tickets) {
    yield { file: '', text: writeGenericCsvHeader() };
    for (const t of tickets) yield { file: '', text: toGenericCsvRow(t) };
  },
};
