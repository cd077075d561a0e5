import { createReadStream } from 'node:fs';
import type { Adapter, ReadContext, ReadItem } from '../../adapters/adapter.js';
import type { Rejection } from '../../engine/ingest/rejection.js';
import type { Ticket } from '../../engine/ticket.js';

/** Reads a whole fixture through an adapter: tickets and rejections, in file order. */
export async function readAll(adapter: Adapter, file: string, ctx: Partial<ReadContext> = {}) {
  const tickets: Ticket[] = [];
  const rejections: Rejection[] = [];
  const items: ReadItem[] = [];
  for await (const item of adapter.read(createReadStream(file), { file, tz: 'UTC', ...ctx })) {
    items.push(item);
    if (item.ticket) tickets.push(item.ticket);
    else rejections.push(item.rejection);
  }
  return { tickets, rejections, items };
}
