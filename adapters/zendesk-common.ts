/**
 * What the Zendesk adapters share: the via-channel vocabulary (API names, numeric ids and the
 * CSV's display labels) mapped onto canonical channels, status normalisation, the filter that
 * sets deleted and spam tickets aside, and the labels the writers use.
 */

import { messages } from '../engine/messages.js';
import type { Channel } from '../engine/ticket.js';

// Numeric via ids (research/formats.md 1e): the API may send `"channel": 4` instead of "mail".
const VIA_IDS: Record<number, string> = {
  0: 'web_form', 4: 'mail', 5: 'web_service', 8: 'rule', 15: 'iphone', 17: 'dropbox', 26: 'twitter_dm', 27: 'closed_ticket',
  29: 'chat', 30: 'twitter', 33: 'voicemail', 34: 'phone_call_inbound', 35: 'phone_call_outbound', 38: 'facebook_post',
  41: 'facebook_message', 44: 'api_voicemail', 45: 'api_phone_call_inbound', 46: 'api_phone_call_outbound', 48: 'web_widget',
  49: 'mobile_sdk', 50: 'helpcenter', 55: 'any_channel', 56: 'mobile', 57: 'sms', 72: 'line', 73: 'wechat', 74: 'whatsapp',
};

/**
 * A via channel (API name, numeric id or CSV label) as a canonical channel. API-created tickets
 * count as web, as `toChannel('api')` does; Zendesk Talk calls are phone; automation and merges
 * are other.
 * @example viaChannel('Web form') // 'web'; viaChannel(4) // 'email'; viaChannel('whatsapp') // 'messaging'
 */
export function viaChannel(via: unknown): Channel {
  const name = typeof via === 'number' ? (VIA_IDS[via] ?? '') : String(via ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');
  if (!name) return 'other';
  if (name === 'mail' || name === 'email' || name === 'closed_ticket') return 'email';
  if (/^(web|web_form|webform|web_widget|helpcenter|help_center|web_service|api|dropbox|feedback_tab)$/.test(name)) return 'web';
  if (/^(chat|chat_transcript|native_messaging|mobile_sdk|mobile|iphone|messaging)$/.test(name)) return name === 'chat' ? 'chat' : 'messaging';
  if (/voice|phone|voicemail|call/.test(name)) return 'phone';
  if (/twitter|facebook|instagram/.test(name)) return 'social';
  if (/sms|whatsapp|line|wechat|telegram|viber|kakao|sunshine|apple_business|google_business|any_channel/.test(name)) return 'messaging';
  return 'other';
}

/**
 * Zendesk's statuses as canonical lower-case words.
 * @example zendeskStatus('On-hold') // 'hold'
 */
export function zendeskStatus(value: string): string {
  const s = value.trim().toLowerCase();
  return s === 'on-hold' || s === 'on hold' ? 'hold' : s;
}

/** How the writers spell a canonical status or priority, as Zendesk's UI does (`hold` → `On-hold`). */
export function zendeskLabel(value: string): string {
  if (value === 'hold') return 'On-hold';
  return value ? value[0].toUpperCase() + value.slice(1) : '';
}

/**
 * Why a ticket is not a support request to replay, or undefined. Deleted: `status: "deleted"`
 * (incremental exports). Spam: Zendesk's "Mark as spam" deletes the ticket, so spam that
 * reaches an export was flagged by the team, by a `spam` status (some migrated accounts) or a
 * `spam` tag (what spam triggers and macros conventionally add).
 * @example zendeskFilter('open', ['spam']) // { code: 'filtered-spam', reason: '...' }
 */
export function zendeskFilter(status: string, tags: readonly string[]): { code: string; reason: string } | undefined {
  if (status === 'deleted') return { code: 'filtered-deleted', reason: messages.filteredDeleted() };
  if (status === 'spam' || tags.some((t) => t.toLowerCase() === 'spam')) return { code: 'filtered-spam', reason: messages.filteredSpam() };
  return undefined;
}
