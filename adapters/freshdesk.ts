/**
 * freshdesk: Freshdesk's two exports, told apart by their first bytes.
 * - The UI ticket export CSV (freshdesk-csv.ts): labels such as `Ticket ID`, `Created time`,
 *   `Agent interactions`; no thread, so tickets carry the interaction counts instead.
 * - API v2 tickets saved as JSON (freshdesk-json.ts): an array per page (or pages appended one
 *   after another), NDJSON, one ticket, or a search page `{"results": [...]}`; each ticket with
 *   `conversations` when they were fetched. Numeric status, priority and source codes
 *   (freshdesk-codes.ts).
 * Spam, deleted and outbound-email tickets are set aside with a counted reason.
 *
 * The writer emits the API form, one ticket per NDJSON line: it carries the thread (roles,
 * internal notes, times), which the CSV cannot. `writeFreshdeskCsv` writes the CSV form.
 */

import type { Readable } from 'node:stream';
import type { Adapter, ReadContext, ReadItem } from './adapter.js';
import { detectFreshdeskCsv, readFreshdeskCsv } from './freshdesk-csv.js';
import { apiTicket, detectFreshdeskJson, toApiTicket } from './freshdesk-json.js';
import { jsonRecords, jsonShape } from './json-shape.js';
import { asObject, jsonRejection } from './json-stream.js';
import { peek } from './peek.js';

export { writeFreshdeskCsv } from './freshdesk-csv.js';

/** Freshdesk's search endpoint wraps its tickets: `{"results": [...], "total": n}`. */
const PAGE_KEYS = ['results'] as const;

const unwrapPage = (value: unknown): unknown[] | undefined => {
  const results = asObject(value)?.results;
  return Array.isArray(results) ? results : undefined;
};

async function* read(input: Readable, ctx: ReadContext): AsyncIterable<ReadItem> {
  const { head, stream } = await peek(input);
  // An API dump of no tickets is empty; ingest has already refused an empty file given alone.
  if (!head.trim()) return;
  const shape = jsonShape(head, PAGE_KEYS);
  if (!shape) {
    yield* readFreshdeskCsv(stream, ctx);
    return;
  }
  for await (const r of jsonRecords(stream, shape, unwrapPage, ctx.limits)) {
    if (r.error !== undefined) yield { rejection: jsonRejection(ctx.file, r) };
    else yield apiTicket(r.value, ctx.file, r.line);
  }
}

/** Freshdesk: the UI ticket export CSV and API v2 ticket JSON with conversations. */
export const freshdesk: Adapter = {
  name: 'freshdesk',
  description: "Freshdesk's UI ticket export CSV (interaction counts, no thread) and API v2 tickets saved as JSON, with conversations.",
  detection:
    'a CSV header with Ticket ID and Created time, plus Resolved time, Agent interactions, Resolution status...; or JSON tickets with a numeric status and Freshdesk keys (description_text, responder_id, numeric priority and source)',
  exportHowTo:
    'Freshdesk: Tickets → (list view) Export → CSV, choose the fields (the file arrives by email; times are in your zone: pass --tz). For the thread: save GET /api/v2/tickets?include=requester,stats pages as JSON arrays (or NDJSON), each ticket with its GET /api/v2/tickets/{id}/conversations list under "conversations".',
  detect({ text }) {
    const start = text.trimStart();
    return start.startsWith('{') || start.startsWith('[') ? detectFreshdeskJson(start) : detectFreshdeskCsv(text);
  },
  read,
  /** NDJSON of API ticket objects with their conversations, one chunk per ticket (streams any size). */
  *write(tickets) {
    for (const t of tickets) yield { file: '', text: `${JSON.stringify(toApiTicket(t))}\n` };
  },
};
