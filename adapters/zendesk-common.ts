/**
 * What the Zendesk adapters share: the via-channel vocabulary (API names, numeric ids and the
 * CSV's display labels) mapped onto canonical channels, and status normalisation.
 */

import type { Channel } from '../engine/ticket.js';

const VIA_IDS: Record<number, string> = {
  0: 'web_form', 4: 'mail', 5: 'web_service', 8: 'rule', 15: 'iphone', 17: 'dropbox', 26: 'twitter_dm', 27: 'closed_ticket',
  29: 'chat', 30: 'twitter', 33: 'voicemail', 34: 'phone_call_inbound', 35: 'phone_call_outbound', 38: 'facebook_post',
  41: 'facebook_message', 44: 'api_voicemail', 45: 'api_phone_call_inbound', 46: 'api_phone_call_outbound', 48: 'web_widget',
  49: 'mobile_sdk', 50: 'helpcenter', 55: 'any_channel', 56: 'mobile', 57: 'sms', 72: 'line', 73: 'wechat', 74: 'whatsapp',
};

/** A via channel (name, numeric id or CSV label such as "Web form") as a canonical channel. */
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

/** Zendesk's statuses as canonical lower-case words (`On-hold` → `hold`). */
export function zendeskStatus(value: string): string {
  const s = value.trim().toLowerCase();
  return s === 'on-hold' || s === 'on hold' ? 'hold' : s;
}
