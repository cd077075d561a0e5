/**
 * Freshdesk's UI ticket export (Tickets → Export → CSV): one row per ticket under labels such as
 * `Ticket ID`, `Created time`, `Agent interactions` (research/formats.md §2a), matched whatever
 * their order, case or spacing. The export holds no thread, only the description: tickets carry
 * no messages and the interaction counts as `activity` (never invented messages). Times carry no
 * offset (the exporting user's zone: `--tz`); a column of `03/04/2024` re-saved by Excel is read
 * day- or month-first by what its first rows show.
 */

import type { Readable } from 'node:stream';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';
import type { Activity, Ticket } from '../engine/ticket.js';
import type { Detection, ReadContext, ReadItem } from './adapter.js';
import { csvRowsInDateOrder, headerCells } from './csv.js';
import { channelSource, isOutbound, label, SOURCE_LABELS, sourceChannel } from './freshdesk-codes.js';
import { csvField } from './generic-csv-format.js';
import { normalizeHeader } from './generic-csv.js';
import { parseCount } from './numbers.js';
import { plainText } from './text.js';
import { parseTimestamp, type DateOrder } from './time.js';

/** Canonical use → the normalised labels it is read from, first found wins. */
const COLUMNS = {
  id: ['ticketid'], subject: ['subject'], description: ['description'], status: ['status'], priority: ['priority'],
  source: ['source'], group: ['group'], created: ['createdtime'], resolved: ['resolvedtime'], closed: ['closedtime'],
  // `Last update time` in Freshdesk's own export job; `Last updated time` in files seen elsewhere.
  updated: ['lastupdatetime', 'lastupdatedtime'], agentCount: ['agentinteractions'], customerCount: ['customerinteractions'],
  tags: ['tags'], email: ['email'], name: ['fullname'], contact: ['contactid'],
} as const;
type Column = keyof typeof COLUMNS;
type Columns = Partial<Record<Column, number>>;

/** Labels only this export has, beyond Ticket ID and Created time: detection evidence. */
const SIGNATURE = [
  'resolvedtime', 'closedtime', 'lastupdatetime', 'lastupdatedtime', 'agentinteractions', 'customerinteractions',
  'firstresponsestatus', 'resolutionstatus', 'duebytime', 'initialresponsetime', 'timetracked',
];

/** Data rows held back before the first ticket, to tell a column's day/month order. */

/**
 * How much a CSV head looks like this export: Ticket ID + Created time is the export's own pair
 * (HubSpot has Ticket ID, but Create date), each further Freshdesk label adds certainty.
 * Hundredths keep the scores exact for the detection margin.
 */
export function detectFreshdeskCsv(text: string): Detection {
  const cells = headerCells(text);
  const names = cells.map(normalizeHeader);
  const core = ['ticketid', 'createdtime'].filter((n) => names.includes(n));
  const extra = SIGNATURE.filter((n) => names.includes(n));
  const evidence = [...core, ...extra].map((n) => cells[names.indexOf(n)]);
  const hundredths = core.length === 2 ? Math.min(100, 60 + 10 * extra.length) : 10 * core.length + 5 * Math.min(extra.length, 2);
  return { score: hundredths / 100, evidence };
}

function resolveColumns(header: string[], file: string): Columns {
  const names = header.map(normalizeHeader);
  const at: Columns = {};
  for (const [column, keys] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    const found = keys.map((k) => names.indexOf(k)).find((i) => i >= 0);
    if (found !== undefined) at[column] = found;
  }
  for (const [column, labelText] of [['id', 'Ticket ID'], ['created', 'Created time']] as const) {
    if (at[column] === undefined) throw new ReplayError('INPUT', messages.exportColumnMissing(file, labelText, header), { file, line: 1, field: labelText });
  }
  return at;
}

interface RowContext {
  file: string;
  tz: string;
  order: DateOrder;
  at: Columns;
  width: number;
}

/** One data row to a ticket or a rejection. Pure. */
function rowToItem(row: string[], line: number, c: RowContext): ReadItem {
  const get = (column: Column) => (c.at[column] === undefined ? '' : (row[c.at[column]!] ?? '').trim());
  const id = get('id');
  const reject = (code: string, reason: string): ReadItem => ({ rejection: { file: c.file, line, id, code, reason } });
  if (row.length !== c.width) return reject('ragged-row', messages.raggedRow(row.length, c.width));
  if (!id) return reject('missing-id', messages.missingId());
  if (isOutbound(get('source'))) return reject('filtered-outbound', messages.filteredOutbound());
  const times: Partial<Record<'created' | 'solved' | 'updated', number>> = {};
  for (const [key, column, name] of [
    ['created', 'created', 'Created time'], ['solved', 'resolved', 'Resolved time'], ['solved', 'closed', 'Closed time'], ['updated', 'updated', 'Last update time'],
  ] as const) {
    const raw = get(column);
    if (!raw || times[key] !== undefined) continue;
    const parsed = parseTimestamp(raw, c.tz, c.order);
    if (parsed === null) return reject('bad-date', messages.badDate(name, raw));
    times[key] = parsed;
  }
  if (times.created === undefined) return reject('missing-field', messages.missingField('Created time'));
  for (const [column, name] of [['customerCount', 'Customer interactions'], ['agentCount', 'Agent interactions']] as const) {
    if (parseCount(get(column)) === null) return reject('bad-number', messages.badCount(name, get(column)));
  }
  const ticket: Ticket = {
    id, createdAt: times.created, channel: sourceChannel(get('source')), subject: get('subject'), body: plainText(get('description')),
    // Freshdesk tags may hold spaces (`vip customer`): only commas separate them.
    tags: get('tags').split(',').map((t) => t.trim()).filter(Boolean),
    status: get('status').toLowerCase(), priority: get('priority').toLowerCase(),
    requester: get('email') || get('name') || get('contact'), group: get('group'),
    messages: [], events: [], activity: activityOf(get('customerCount'), get('agentCount')), source: { file: c.file, line },
  };
  if (times.solved !== undefined) ticket.solvedAt = times.solved;
  if (times.updated !== undefined) ticket.updatedAt = times.updated;
  return { ticket };
}

/**
 * Activity from the two counts. `Customer interactions` (inbound_count) counts the opening
 * message too [unverified: Freshdesk starts the counter at 1], so replies are one fewer. Blank
 * counts stay absent; the object is always there, saying "this export has no thread".
 */
function activityOf(customer: string, agent: string): Activity {
  const activity: Activity = {};
  const inbound = parseCount(customer);
  const outbound = parseCount(agent);
  if (inbound != null) activity.customerReplies = Math.max(0, inbound - 1);
  if (outbound != null) activity.agentReplies = outbound;
  return activity;
}

/** Streams the export's rows: tickets and rejections in file order. */
export async function* readFreshdeskCsv(input: Readable, ctx: ReadContext): AsyncGenerator<ReadItem> {
  let header: string[] | undefined;
  let at: Columns = {};
  const dateColumns = (h: string[]) => {
    at = resolveColumns(h, ctx.file);
    return (['created', 'resolved', 'closed', 'updated'] as const).flatMap((k) => (at[k] === undefined ? [] : [at[k]!]));
  };
  for await (const { header: head, item, order } of csvRowsInDateOrder(input, ctx, ctx.dateOrder, dateColumns)) {
    if (head) header = head;
    else if (item.rejection) yield { rejection: item.rejection };
    else yield rowToItem(item.record, item.line, { file: ctx.file, tz: ctx.tz, order, at, width: header!.length });
  }
  if (!header) throw new ReplayError('INPUT', messages.emptyInput(ctx.file), { file: ctx.file, line: 1 });
}

/** The labels the CSV writer emits: the export's usual fields, in its order. */
export const FRESHDESK_CSV_HEADERS = [
  'Ticket ID', 'Subject', 'Description', 'Status', 'Priority', 'Source', 'Type', 'Agent', 'Group', 'Created time', 'Due by Time',
  'Resolved time', 'Closed time', 'Last update time', 'Agent interactions', 'Customer interactions', 'Tags', 'Full name', 'Email',
] as const;

/** `2024-03-11 10:05:40`, the export's layout; the writer's times are UTC (read back with --tz UTC). */
function csvTime(ms: number | undefined): string {
  return ms === undefined ? '' : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Tickets as the UI export CSV (for tests and `generate`; the adapter's own writer is the API
 * form, which keeps the thread). A ticket with a thread is written as its counts: public customer
 * messages (the opening one included) and public agent replies.
 * @example [...writeFreshdeskCsv([t])][0] // 'Ticket ID,Subject,Description,...\n'
 */
export function* writeFreshdeskCsv(tickets: Iterable<Ticket>): Generator<string> {
  yield `${FRESHDESK_CSV_HEADERS.join(',')}\n`;
  for (const t of tickets) {
    const count = (role: 'customer' | 'agent') => t.messages.filter((m) => m.role === role && m.public).length;
    const customer = t.activity ? t.activity.customerReplies : Math.max(0, count('customer') - 1);
    const agent = t.activity ? t.activity.agentReplies : count('agent');
    const cells = [
      t.id, t.subject, t.body, label(t.status), label(t.priority), SOURCE_LABELS[channelSource(t.channel)], '', '', t.group,
      csvTime(t.createdAt), '', csvTime(t.solvedAt), '', csvTime(t.updatedAt),
      agent === undefined ? '' : String(agent), customer === undefined ? '' : String(customer + 1), t.tags.join(', '),
      t.requester.includes('@') ? '' : t.requester, t.requester.includes('@') ? t.requester : '',
    ];
    yield `${cells.map(csvField).join(',')}\n`;
  }
}
