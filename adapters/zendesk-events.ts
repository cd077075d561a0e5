/**
 * Zendesk comments and field changes: a comment object (full export `comments[]`, or a Comment
 * event inside an audit or a ticket event) to a canonical message, and the items of
 * `{"audits": [...]}` and `{"ticket_events": [...]}` pages gathered per ticket (a Thread), to be
 * joined onto the ticket once it is read. Without the users file an export cannot tell agents
 * from admins, so roles follow research/formats.md 1d: the requester is the customer, a comment
 * made by an automation rule is the system, anyone else is an agent.
 */

import type { AuthorRole, FieldEvent, Message } from '../engine/ticket.js';
import { asObject, asText } from './json-stream.js';
import { plainText } from './text.js';
import { isValidTime, parseTimestamp } from './time.js';

/** Epoch ms of a Zendesk time: ISO 8601 UTC text, or Unix seconds (ticket events' `timestamp`). */
export function zendeskTime(value: unknown): number | undefined {
  if (typeof value === 'number') {
    const ms = value < 1e11 ? value * 1000 : value;
    return isValidTime(ms) ? ms : undefined;
  }
  const parsed = parseTimestamp(asText(value));
  return parsed === null ? undefined : parsed;
}

/** A comment's role from its author and via, given the ticket's requester. */
export function commentRole(author: string, requesterId: string, byRule: boolean): AuthorRole {
  if (author && author === requesterId) return 'customer';
  return byRule ? 'system' : 'agent';
}

/** A comment whose role waits for the ticket's requester (audits come before their ticket). */
export interface PendingComment {
  at: number;
  public: boolean;
  text: string;
  author: string;
  byRule: boolean;
}

/**
 * A comment object as a pending comment: `plain_body` preferred (formats.md 1d), else `body`,
 * else `html_body`; HTML, quoted reply history and signatures dropped. Undefined when it has no
 * text or no time (`at` is the enclosing audit's time, for events that carry none).
 */
export function pendingComment(c: Record<string, unknown>, at?: number): PendingComment | undefined {
  const text = plainText(asText(c.plain_body) || asText(c.body) || asText(c.html_body));
  const when = zendeskTime(c.created_at) ?? at;
  if (!text || when === undefined) return undefined;
  return { at: when, public: c.public !== false, text, author: asText(c.author_id), byRule: asObject(c.via)?.channel === 'rule' };
}

/** The message of a pending comment on a ticket whose requester is known. */
export function toMessage(c: PendingComment, requesterId: string): Message {
  return { at: c.at, role: commentRole(c.author, requesterId, c.byRule), public: c.public, text: c.text };
}

/** What the audits and events pages say about one ticket. */
export interface Thread {
  comments: PendingComment[];
  events: FieldEvent[];
  /** Where the ticket's first audit or event came from, for the orphan rejection. */
  file: string;
  line: number;
  /** Set once a ticket with this id was read: a thread never attached is an orphan. */
  attached: boolean;
}

// Change children of a ticket event name the field by key (formats.md 1c); audits use field_name.
const CHANGE_KEYS = ['status', 'priority', 'group_id', 'assignee_id', 'type', 'subject', 'tags'];

/**
 * Adds one item of an audits page (`events[]`) or a ticket events page (`child_events[]`) to its
 * ticket's thread. Comment and VoiceComment events become comments; Change events become field
 * events; every other type (Notification, Cc, CommentRedaction...) is ignored, as Zendesk's
 * reference advises.
 */
export function addToThread(item: Record<string, unknown>, threads: Map<string, Thread>, file: string, line: number): void {
  const ticketId = asText(item.ticket_id);
  if (!ticketId) return;
  const at = zendeskTime(item.created_at) ?? zendeskTime(item.timestamp);
  let thread = threads.get(ticketId);
  if (!thread) threads.set(ticketId, (thread = { comments: [], events: [], file, line, attached: false }));
  const children = Array.isArray(item.events) ? item.events : Array.isArray(item.child_events) ? item.child_events : [];
  for (const raw of children) {
    const e = asObject(raw);
    if (!e) continue;
    const type = asText(e.type) || asText(e.event_type);
    if (type === 'Comment' || type === 'VoiceComment') {
      const author = asText(e.author_id ?? item.author_id ?? item.updater_id);
      const c = pendingComment({ ...e, author_id: author, public: e.public ?? e.comment_public }, at);
      if (c) thread.comments.push(c);
    } else if (type === 'Change' && at !== undefined) {
      const field = asText(e.field_name) || (CHANGE_KEYS.find((f) => f in e) ?? '');
      if (!field) continue;
      const value = 'value' in e ? e.value : e[field];
      const event: FieldEvent = { at, field, to: Array.isArray(value) ? value.join(' ') : asText(value) };
      const from = Array.isArray(e.previous_value) ? e.previous_value.join(' ') : asText(e.previous_value);
      if (from) event.from = from;
      thread.events.push(event);
    }
  }
}
