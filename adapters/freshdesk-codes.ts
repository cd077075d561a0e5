/**
 * Freshdesk's vocabularies, shared by the CSV and API readers and writers: the API's numeric
 * status, priority and source codes, the labels the UI export writes for them, and the canonical
 * words they map to (research/formats.md §2).
 */

import { toChannel, type Channel } from '../engine/ticket.js';

/** API `status` [Freshdesk API v2 docs]. Custom statuses take other numbers and keep them. */
export const STATUS_NAMES: Readonly<Record<number, string>> = { 2: 'open', 3: 'pending', 4: 'resolved', 5: 'closed' };

/** API `priority` [Freshdesk API v2 docs]. */
export const PRIORITY_NAMES: Readonly<Record<number, string>> = { 1: 'low', 2: 'medium', 3: 'high', 4: 'urgent' };

/**
 * API `source` as the UI export labels it. 1, 2, 3, 7, 9 and 10 are documented; 4-6, 8 and 11
 * appear in older accounts [unverified].
 */
export const SOURCE_LABELS: Readonly<Record<number, string>> = {
  1: 'Email', 2: 'Portal', 3: 'Phone', 4: 'Forum', 5: 'Twitter', 6: 'Facebook', 7: 'Chat', 8: 'Mobihelp',
  9: 'Feedback Widget', 10: 'Outbound Email', 11: 'E-commerce',
};

/**
 * Source code → canonical channel. The portal, the forum and the feedback widget are web forms;
 * Mobihelp is the in-app mobile SDK (messaging); E-commerce tickets come from marketplace
 * integrations, which no canonical channel describes.
 */
const SOURCE_CHANNELS: Readonly<Record<number, Channel>> = {
  1: 'email', 2: 'web', 3: 'phone', 4: 'web', 5: 'social', 6: 'social', 7: 'chat', 8: 'messaging', 9: 'web', 10: 'email', 11: 'other',
};

/** Source 10: an email an agent sent first (a notification or campaign), not a customer request. */
export const OUTBOUND_SOURCE = 10;

/** The source code the writers use for each channel (voice calls are logged as phone tickets). */
const CHANNEL_SOURCES: Readonly<Record<Channel, number>> = {
  email: 1, web: 2, phone: 3, voice: 3, chat: 7, social: 6, messaging: 8, other: 11,
};

const LABEL_CODES = new Map(Object.entries(SOURCE_LABELS).map(([code, label]) => [label.toLowerCase(), Number(code)]));

/** A number from a JSON code (`4` or `"4"`), or undefined. */
export function codeOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

/**
 * A status or priority from the API (a code) or the CSV (a label), as a lower-case word; an
 * unknown code keeps its number.
 * @example codeName(STATUS_NAMES, 4) // 'resolved'; codeName(STATUS_NAMES, 'Waiting on Customer') // 'waiting on customer'
 */
export function codeName(table: Readonly<Record<number, string>>, value: unknown): string {
  const code = codeOf(value);
  if (code !== undefined) return table[code] ?? String(code);
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/** Canonical status words of other helpdesks that Freshdesk spells differently. */
const STATUS_ALIASES: Readonly<Record<string, number>> = { new: 2, hold: 3, 'on-hold': 3, solved: 4 };
/** `normal` (Zendesk's word) is Freshdesk's medium. */
const PRIORITY_ALIASES: Readonly<Record<string, number>> = { normal: 2 };

function codeFor(table: Readonly<Record<number, string>>, aliases: Readonly<Record<string, number>>, word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  const hit = Object.entries(table).find(([, name]) => name === word);
  return hit ? Number(hit[0]) : aliases[word];
}

/**
 * The API status code for a canonical status; a word Freshdesk has no code for is written as
 * open (2), since the API only takes numbers.
 * @example statusCode('solved') // 4
 */
export function statusCode(status: string): number {
  return codeFor(STATUS_NAMES, STATUS_ALIASES, status) ?? 2;
}

/** The API priority code for a canonical priority; null when the ticket has none. */
export function priorityCode(priority: string): number | null {
  if (!priority) return null;
  return codeFor(PRIORITY_NAMES, PRIORITY_ALIASES, priority) ?? 2;
}

/**
 * The canonical channel of a source: an API code or a UI label; an unknown label goes through
 * the shared channel words (`WhatsApp` → messaging).
 * @example sourceChannel(7) // 'chat'; sourceChannel('Feedback Widget') // 'web'
 */
export function sourceChannel(value: unknown): Channel {
  const code = codeOf(value) ?? (typeof value === 'string' ? LABEL_CODES.get(value.trim().toLowerCase()) : undefined);
  if (code !== undefined) return SOURCE_CHANNELS[code] ?? 'other';
  return typeof value === 'string' ? toChannel(value) : 'other';
}

/** True for source 10 (Outbound Email), as a code or as the CSV label. */
export function isOutbound(value: unknown): boolean {
  const code = codeOf(value) ?? (typeof value === 'string' ? LABEL_CODES.get(value.trim().toLowerCase()) : undefined);
  return code === OUTBOUND_SOURCE;
}

/** The source code the writers use for a channel. */
export function channelSource(channel: Channel): number {
  return CHANNEL_SOURCES[channel];
}

/** How the UI export spells a lower-case word: `waiting on customer` → `Waiting on customer`. */
export function label(word: string): string {
  return word ? word[0].toUpperCase() + word.slice(1) : '';
}
