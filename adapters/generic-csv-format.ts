/**
 * The generic-csv file format, shared by its reader (generic-csv.ts) and its writer (here, used
 * by `ticket-replay generate` and round-trip tests): one ticket per row, RFC 4180 quoting,
 * `\n` line endings, ISO 8601 UTC timestamps, `;`-separated tags and actions.
 */

import type { Ticket } from '../engine/ticket.js';

/** The columns, in the order the writer emits them. */
export const GENERIC_COLUMNS = [
  'id', 'created_at', 'solved_at', 'channel', 'subject', 'body', 'tags', 'status', 'priority', 'group', 'requester', 'actions',
] as const;

export type GenericColumn = (typeof GENERIC_COLUMNS)[number];

/**
 * The header line, `\n` included, so a file is `writeGenericCsvHeader()` followed by one
 * `toGenericCsvRow()` per ticket.
 * @example writeGenericCsvHeader() // 'id,created_at,solved_at,...,requester,actions\n'
 */
export function writeGenericCsvHeader(): string {
  return `${GENERIC_COLUMNS.join(',')}\n`;
}

/**
 * One ticket as a CSV line, `\n` included. Generic CSV has no message thread, so `body` is the
 * first public customer message (the ticket's `body` when it has none).
 * @example toGenericCsvRow(t) // '100001,2025-01-01T09:15:00Z,,email,"Hi, there",...\n'
 */
export function toGenericCsvRow(t: Ticket): string {
  const first = t.messages.find((m) => m.role === 'customer' && m.public);
  const row: Record<GenericColumn, string> = {
    id: t.id,
    created_at: isoUtc(t.createdAt),
    solved_at: t.solvedAt === undefined ? '' : isoUtc(t.solvedAt),
    channel: t.channel,
    subject: t.subject,
    body: first ? first.text : t.body,
    tags: t.tags.join(';'),
    status: t.status,
    priority: t.priority,
    group: t.group,
    requester: t.requester,
    actions: t.actions ? t.actions.join(';') : '',
  };
  return `${GENERIC_COLUMNS.map((c) => csvField(row[c])).join(',')}\n`;
}

/** `2025-03-04T09:15:00Z`: UTC, whole seconds (milliseconds are dropped, not rounded). */
export function isoUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** RFC 4180: quote a field holding a comma, a quote, CR or LF, doubling its quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
