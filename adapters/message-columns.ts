/**
 * Message threads kept in CSV columns, for mapping presets of exports that have no adapter of
 * their own: Jira Service Management's repeated `Comment` columns (`date;author;body`, read by
 * position because the header repeats) and ServiceNow's journal fields (`comments`,
 * `work_notes`: entries headed `<time> - <user> (Additional comments)`).
 */

import type { Message } from '../engine/ticket.js';
import { plainText } from './text.js';
import { parseTimestamp, type DateOrder } from './time.js';

export type MessageFormat = 'text' | 'jira-comment' | 'servicenow-journal';

export interface MessageColumn {
  /** The header; every column with this header is read, in order. */
  column: string;
  format: MessageFormat;
  /** False for internal notes (ServiceNow work notes). */
  public: boolean;
}

export interface MessageContext {
  tz: string;
  dateOrder: DateOrder;
  /** The ticket's requester: entries by them are the customer's, others the agents'. */
  requester: string;
  createdAt: number;
}

const JOURNAL_HEADER = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?|\d{1,2}[/.-]\d{1,2}[/.-]\d{4} \d{1,2}:\d{2}(?::\d{2})?(?: [AP]M)?) - (.+?) \((Additional comments|Work notes|Comments)\)\s*$/i;

function role(author: string, ctx: MessageContext): Message['role'] {
  const a = author.trim().toLowerCase();
  return a && a === ctx.requester.trim().toLowerCase() ? 'customer' : 'agent';
}

/** `14/Mar/24 2:15 PM;557058:0f1e;Thanks, that fixed it` (split on the first two `;` only). */
function jiraComment(cell: string, spec: MessageColumn, ctx: MessageContext): Message[] {
  const first = cell.indexOf(';');
  const second = first < 0 ? -1 : cell.indexOf(';', first + 1);
  if (second < 0) return [{ at: ctx.createdAt, role: 'customer', public: spec.public, text: plainText(cell) }];
  const at = parseTimestamp(cell.slice(0, first), ctx.tz, ctx.dateOrder) ?? ctx.createdAt;
  return [{ at, role: role(cell.slice(first + 1, second), ctx), public: spec.public, text: plainText(cell.slice(second + 1)) }];
}

function journal(cell: string, spec: MessageColumn, ctx: MessageContext): Message[] {
  const out: Message[] = [];
  let current: Message | undefined;
  const body: string[] = [];
  const flush = () => {
    if (current) out.push({ ...current, text: plainText(body.join('\n').trim()) });
    body.length = 0;
  };
  for (const line of cell.split(/\r?\n/)) {
    const m = JOURNAL_HEADER.exec(line);
    if (m) {
      flush();
      const internal = /work notes/i.test(m[3]);
      current = { at: parseTimestamp(m[1], ctx.tz, ctx.dateOrder) ?? ctx.createdAt, role: role(m[2], ctx), public: spec.public && !internal, text: '' };
    } else body.push(line);
  }
  flush();
  if (out.length === 0 && cell.trim()) out.push({ at: ctx.createdAt, role: 'customer', public: spec.public, text: plainText(cell) });
  return out;
}

/** The messages in one cell of a message column. */
export function cellMessages(cell: string, spec: MessageColumn, ctx: MessageContext): Message[] {
  if (!cell.trim()) return [];
  if (spec.format === 'jira-comment') return jiraComment(cell, spec, ctx);
  if (spec.format === 'servicenow-journal') return journal(cell, spec, ctx);
  return [{ at: ctx.createdAt, role: 'customer', public: spec.public, text: plainText(cell) }];
}
