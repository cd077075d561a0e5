/**
 * The canonical ticket: what every adapter produces and every later step reads (SPEC "Canonical
 * ticket"). Plain data only, so it crosses the worker boundary by structured clone.
 */

export const CHANNELS = ['email', 'chat', 'phone', 'web', 'social', 'messaging', 'voice', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

export type AuthorRole = 'customer' | 'agent' | 'system';

export interface Message {
  /** Epoch milliseconds, UTC. */
  at: number;
  role: AuthorRole;
  /** False for internal notes: they never count as customer turns. */
  public: boolean;
  text: string;
}

/** A field change (status, group, priority...), as helpdesk audits record them. */
export interface FieldEvent {
  at: number;
  field: string;
  from?: string;
  to?: string;
}

export interface SourceRef {
  file: string;
  /** 1-based line where the record starts. */
  line: number;
}

export interface Activity {
  /** Replies or messages from the customer after the first one. */
  customerReplies?: number;
  /** Public replies from agents. */
  agentReplies?: number;
  /** Times the ticket was reopened after being solved. */
  reopens?: number;
}

export interface Ticket {
  id: string;
  /** Epoch milliseconds, UTC. */
  createdAt: number;
  solvedAt?: number;
  channel: Channel;
  subject: string;
  /** Plain text, HTML stripped. */
  body: string;
  tags: string[];
  status: string;
  priority: string;
  requester: string;
  /** Department or team. */
  group: string;
  messages: Message[];
  events: FieldEvent[];
  /** Last update, used to keep the latest of records that repeat an id. */
  updatedAt?: number;
  /**
   * Activity counts an export carries when it has no message thread (Zendesk, Freshdesk and
   * HubSpot CSVs): present means "no messages in this export", and inference falls back to
   * these counts, never to invented messages.
   */
  activity?: Activity;
  /** Explicit action log (generic-csv `actions` column): replayed as is, no inference. */
  actions?: string[];
  source: SourceRef;
}

/** Maps loose channel words that exports use onto the canonical vocabulary. */
const CHANNEL_ALIASES: Record<string, Channel> = {
  email: 'email', mail: 'email', 'e-mail': 'email',
  chat: 'chat', 'live chat': 'chat', livechat: 'chat', 'web chat': 'chat', webchat: 'chat',
  phone: 'phone', call: 'phone', telephone: 'phone',
  web: 'web', 'web form': 'web', webform: 'web', form: 'web', portal: 'web', api: 'web', website: 'web',
  social: 'social', 'social media': 'social', twitter: 'social', facebook: 'social', instagram: 'social',
  messaging: 'messaging', sms: 'messaging', whatsapp: 'messaging', messenger: 'messaging', 'text message': 'messaging',
  voice: 'voice', 'voice bot': 'voice',
  other: 'other',
};

/** The canonical channel for a loose value; unknown or empty values become `other`. */
export function toChannel(value: string | undefined): Channel {
  if (!value) return 'other';
  const key = value.trim().toLowerCase();
  // Own keys only: `constructor` or `__proto__` in a file is not Object.prototype's.
  return Object.hasOwn(CHANNEL_ALIASES, key) ? CHANNEL_ALIASES[key] : 'other';
}
