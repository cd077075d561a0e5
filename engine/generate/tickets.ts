/**
 * Seeded synthetic tickets (`ticket-replay generate`): months of a fictitious helpdesk with
 * weekday and business-hour seasonality, one surge month, a mild upward trend, realistic channel
 * and intent mixes, and threads of 1-4 customer turns, some more than 24 h apart (several
 * conversation windows). What is written lives in texts.ts; this file decides when and how much.
 *
 * Deterministic: a single mulberry32 stream drawn in a fixed order (customers' names hash from
 * the seed), so the same options always give the same tickets, byte for byte.
 */

import { hash32, mulberry32 } from '../random.js';
import type { Channel, FieldEvent, Message, Ticket } from '../ticket.js';
import * as W from './texts.js';
import type { IntentText } from './texts.js';

export interface GenerateOptions {
  seed: number;
  /** How many tickets, exactly. */
  tickets: number;
  /** Months of history (default 12). */
  months?: number;
  /** First day, `YYYY-MM-01` (default `2025-01-01`), UTC. */
  start?: string;
  /** Index of the month with ~1.8x volume (default 10: November); out of range means none. */
  surgeMonth?: number;
}

/** The defaults `generateTickets` fills in. */
export const GENERATE_DEFAULTS = { months: 12, start: '2025-01-01', surgeMonth: 10 } as const;

type Rng = () => number;
type Mix<T> = readonly (readonly [T, number])[];

const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const SURGE = 1.8;
/** Volume grows by this fraction from the first day to the last. */
const TREND = 0.25;
/** Sunday..Saturday; weekends run at ~40% of an average weekday. */
const WEEKDAY = [0.4, 1.15, 1.05, 1.0, 0.95, 0.85, 0.4];
/** Hour of day (UTC) of ticket creation: business hours, a tail into the evening. */
const HOURS: Mix<number> = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 4, 6, 7, 7, 6.5, 6.5, 7, 6.5, 6, 5, 4, 3.5, 3, 2.5, 2, 1.5].map((w, h) => [h, w] as const);
const CHANNELS: Mix<Channel> = [['email', 45], ['chat', 25], ['web', 15], ['phone', 8], ['messaging', 5], ['social', 2]];
const STATUSES: Mix<string> = [['solved', 70], ['closed', 25], ['pending', 3], ['open', 2]];
const TURNS: Mix<number> = [[1, 55], [2, 28], [3, 12], [4, 5]];
const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
const INTENTS: Mix<IntentText> = W.INTENT_TEXTS.map((i) => [i, i.share] as const);
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Yields `opts.tickets` synthetic tickets in createdAt order, ids `100001`, `100002`...
 * @example [...generateTickets({ seed: 1, tickets: 3 })].map((t) => t.id) // ['100001', '100002', '100003']
 */
export function* generateTickets(opts: GenerateOptions): Generator<Ticket> {
  const months = opts.months ?? GENERATE_DEFAULTS.months;
  const surge = opts.surgeMonth ?? GENERATE_DEFAULTS.surgeMonth;
  const start = parseStart(opts.start ?? GENERATE_DEFAULTS.start);
  if (!Number.isInteger(opts.tickets) || opts.tickets < 0) throw new RangeError(`tickets must be a whole number >= 0, got ${opts.tickets}`);
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be a whole number >= 1, got ${months}`);
  const rng = mulberry32(opts.seed);
  // Repeat customers: a pool smaller than the ticket count, names hashed from the seed.
  const pool = Math.max(20, Math.round(opts.tickets * 0.7));
  let n = 0;
  for (const day of dailyCounts(start, months, surge, opts.tickets, rng)) {
    const times: number[] = [];
    for (let i = 0; i < day.count; i++) times.push(day.start + weighted(rng, HOURS) * HOUR + Math.floor(rng() * 3600) * SEC);
    times.sort((a, b) => a - b);
    for (const at of times) {
      n++;
      yield makeTicket(rng, n, at, customerOf(Math.floor(rng() * pool), opts.seed));
    }
  }
}

/** Ticket counts per UTC day: seasonality weights with ±15% noise, apportioned to sum exactly. */
function dailyCounts(start: number, months: number, surge: number, total: number, rng: Rng): { start: number; count: number }[] {
  const first = new Date(start);
  const end = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + months, 1);
  const days: { start: number; weight: number; count: number }[] = [];
  const span = (end - start) / DAY;
  for (let t = start, i = 0; t < end; t += DAY, i++) {
    const d = new Date(t);
    const month = (d.getUTCFullYear() - first.getUTCFullYear()) * 12 + d.getUTCMonth() - first.getUTCMonth();
    const weight = WEEKDAY[d.getUTCDay()] * (month === surge ? SURGE : 1) * (1 + (TREND * i) / span) * (0.85 + 0.3 * rng());
    days.push({ start: t, weight, count: 0 });
  }
  const sum = days.reduce((s, d) => s + d.weight, 0);
  const exact = days.map((d) => (total * d.weight) / sum);
  days.forEach((d, i) => (d.count = Math.floor(exact[i])));
  // Largest remainder, ties to the earlier day, so the counts sum to `total` exactly.
  const left = total - days.reduce((s, d) => s + d.count, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; k < left; k++) days[order[k][1]].count++;
  return days;
}

function parseStart(start: string): number {
  const m = /^(\d{4})-(\d{2})-01$/.exec(start);
  if (!m || +m[2] < 1 || +m[2] > 12) throw new RangeError(`start must be YYYY-MM-01, got "${start}"`);
  return Date.UTC(+m[1], +m[2] - 1, 1);
}

interface Customer {
  first: string;
  last: string;
  email: string;
  vip: boolean;
}

/** The pool's i-th customer: a pure function of (seed, i), so repeat requesters keep their name. */
function customerOf(i: number, seed: number): Customer {
  const h = (label: string) => hash32(`${label}:${i}`, seed);
  const first = W.FIRST_NAMES[h('first') % W.FIRST_NAMES.length];
  const last = W.LAST_NAMES[h('last') % W.LAST_NAMES.length];
  const f = ascii(first);
  const l = ascii(last);
  const num = h('num') % 100;
  const locals = [`${f}.${l}`, `${f}${l}${num}`, `${f[0]}${l}`, `${f}_${l}`, `${f}${num + 1900}`];
  const local = locals[h('pattern') % locals.length];
  return { first, last, email: `${local}@${W.EMAIL_DOMAINS[h('domain') % W.EMAIL_DOMAINS.length]}`, vip: h('vip') % 100 < 4 };
}

function ascii(name: string): string {
  return name.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
}

/** Everything one ticket's texts need. */
interface Ctx {
  rng: Rng;
  intent: IntentText;
  channel: Channel;
  slots: Record<string, string>;
  orderAt: number;
  /** Where the ticket starts rotating through replies and follow-ups (no line said twice). */
  seq: number;
}

function makeTicket(rng: Rng, n: number, at: number, customer: Customer): Ticket {
  const id = String(100000 + n);
  const intent = weighted(rng, INTENTS);
  const channel = weighted(rng, CHANNELS);
  const agent = pick(rng, W.AGENTS);
  const { slots, orderAt } = slotsFor(rng, at, n, customer, agent);
  const ctx: Ctx = { rng, intent, channel, slots, orderAt, seq: between(rng, 0, 99) };
  const status = weighted(rng, STATUSES);
  const turns = weighted(rng, TURNS);
  const withNote = intent.notes.length > 0 && rng() < 0.12;

  const body = opening(ctx);
  const messages: Message[] = [{ at, role: 'customer', public: true, text: body }];
  let t = at;
  for (let k = 1; k <= turns; k++) {
    if (k === turns && status === 'open') break; // still waiting for an agent
    t += agentDelay(rng, channel);
    messages.push({ at: t, role: 'agent', public: true, text: agentReply(ctx, k, turns) });
    if (k === 1 && withNote) {
      t += between(rng, 30, 1200) * SEC;
      messages.push({ at: t, role: 'agent', public: false, text: fill(pick(rng, intent.notes), slots) });
    }
    if (k < turns) {
      t += customerGap(rng, channel);
      messages.push({ at: t, role: 'customer', public: true, text: followUp(ctx, messages, k, k + 1 === turns && status !== 'open') });
    }
  }
  const solved = status === 'solved' || status === 'closed';
  const solvedAt = solved ? t + (channel === 'chat' || channel === 'messaging' ? between(rng, 60, 1800) : between(rng, 600, 172800)) * SEC : undefined;

  const tags = [intent.tags[0], ...intent.tags.slice(1).filter(() => rng() < 0.6)];
  if (customer.vip) tags.push('vip');
  let priority: string = weighted(rng, PRIORITIES.map((p, i) => [p, intent.priority[i]] as const));
  if (customer.vip && priority === 'low') priority = 'normal';

  return {
    id,
    createdAt: at,
    ...(solvedAt === undefined ? {} : { solvedAt }),
    channel,
    subject: subjectOf(ctx),
    body,
    tags,
    status,
    priority,
    requester: customer.email,
    group: intent.group,
    messages,
    events: eventsOf(at, intent.group, status, messages, solvedAt),
    source: { file: 'generated', line: n },
  };
}

/** Status and group changes as a helpdesk audit log would record them. */
function eventsOf(at: number, group: string, status: string, messages: Message[], solvedAt: number | undefined): FieldEvent[] {
  const events: FieldEvent[] = [{ at, field: 'status', to: 'new' }, { at, field: 'group', to: group }];
  const replies = messages.filter((m) => m.role === 'agent' && m.public);
  if (replies.length > 0) events.push({ at: replies[0].at, field: 'status', from: 'new', to: 'open' });
  if (status === 'pending') events.push({ at: replies[replies.length - 1].at, field: 'status', from: 'open', to: 'pending' });
  if (solvedAt !== undefined) events.push({ at: solvedAt, field: 'status', from: 'open', to: 'solved' });
  if (status === 'closed' && solvedAt !== undefined) events.push({ at: solvedAt + 4 * DAY, field: 'status', from: 'solved', to: 'closed' });
  return events;
}

function slotsFor(rng: Rng, at: number, n: number, c: Customer, agent: string): { slots: Record<string, string>; orderAt: number } {
  const orderAt = at - between(rng, 2, 20) * DAY - between(rng, 0, 86399) * SEC;
  let appt = at + between(rng, 2, 14) * DAY;
  while ([0, 6].includes(new Date(appt).getUTCDay())) appt += DAY;
  const [product, product2] = pickTwo(rng, W.PRODUCTS);
  const [plan, plan2] = pickTwo(rng, W.PLANS);
  const carrier = pick(rng, W.CARRIERS);
  const slots: Record<string, string> = {
    first: c.first,
    last: c.last,
    email: c.email,
    agent,
    order: `A${between(rng, 10000, 99999)}`,
    orderdate: `${MONTH_NAMES[new Date(orderAt).getUTCMonth()]} ${new Date(orderAt).getUTCDate()}`,
    days: String(Math.round((at - orderAt) / DAY)),
    weekday: DAY_NAMES[new Date(at - between(rng, 1, 3) * DAY).getUTCDay()],
    appt: `${DAY_NAMES[new Date(appt).getUTCDay()]}, ${MONTH_NAMES[new Date(appt).getUTCMonth()]} ${new Date(appt).getUTCDate()}`,
    time: pick(rng, ['8am-12pm', '10am-2pm', '12pm-4pm', '1pm-5pm']),
    product,
    product2,
    plan,
    plan2,
    carrier,
    tracking: tracking(rng, carrier),
    amount: `$${between(rng, 19, 899)}.${pick(rng, ['99', '00', '49', '95'])}`,
    invoice: `INV-${between(rng, 100000, 999999)}`,
    last4: String(between(rng, 0, 9999)).padStart(4, '0'),
    phone: `(${pick(rng, W.AREA_CODES)}) 555-01${String(between(rng, 0, 99)).padStart(2, '0')}`,
    address: `${between(rng, 3, 2999)} ${pick(rng, W.STREETS)}`,
    city: pick(rng, W.CITIES),
    service: pick(rng, W.SERVICES),
    device: pick(rng, W.DEVICES),
    browser: pick(rng, W.BROWSERS),
    error: pick(rng, W.ERRORS),
    feature: pick(rng, W.FEATURES),
    newemail: `${ascii(c.first)}.${ascii(c.last)}${between(rng, 1, 99)}@${pick(rng, W.EMAIL_DOMAINS)}`,
    prevticket: String(Math.max(100001, 100000 + n - between(rng, 50, 3000))),
  };
  return { slots, orderAt };
}

function tracking(rng: Rng, carrier: string): string {
  const digits = (k: number) => Array.from({ length: k }, () => Math.floor(rng() * 10)).join('');
  if (carrier === 'UPS') return `1Z${Array.from({ length: 16 }, () => '0123456789ABCDEFGHJKLMNPRSTUVWXY'[Math.floor(rng() * 32)]).join('')}`;
  if (carrier === 'USPS') return `9400${digits(18)}`;
  return digits(carrier === 'FedEx' ? 12 : 10);
}

// --- Writing: the customer's and the agent's words around the templates ----------------------

const isShort = (c: Channel) => c === 'chat' || c === 'messaging' || c === 'social';

function subjectOf({ rng, intent, channel, slots }: Ctx): string {
  if (channel === 'chat' && rng() < 0.35) return `Chat with ${slots.first} ${slots.last}`;
  if (channel === 'messaging' && rng() < 0.5) return `Conversation with ${slots.first}`;
  if (channel === 'phone' && rng() < 0.3) return `Call from ${slots.phone}`;
  return fill(pick(rng, intent.subjects), slots);
}

/** The first customer message: greeting, body, maybe a second ask, signature, maybe a quote. */
function opening({ rng, intent, channel, slots, orderAt }: Ctx): string {
  const core = pick(rng, isShort(channel) ? intent.chats : intent.bodies);
  let text = fill(core, slots);
  if (rng() < 0.06) text += (isShort(channel) ? ' ' : '\n\n') + fill(pick(rng, W.SECONDARY_ASKS), slots);
  if (isShort(channel)) {
    text = maybeTypo(rng, text, 0.35);
    return channel === 'social' ? `@BrightwellHelp ${text}` : text;
  }
  if (channel === 'phone') return rng() < 0.5 ? `Voicemail from ${slots.phone}:\n${text}` : text;
  text = maybeTypo(rng, text, 0.15);
  const signature = channel === 'email' ? fill(pick(rng, W.SIGNATURES), slots) : rng() < 0.4 ? slots.first : '';
  const parts = [pick(rng, W.GREETINGS), text, signature].filter(Boolean).join('\n\n');
  if (channel === 'email' && core.includes('{order}') && rng() < 0.15) {
    return `${parts}\n\n${quoteHeader(orderAt, 'Brightwell <orders@brightwell.example>')}\n${quote(fill(W.QUOTED_NOTIFICATION, slots))}`;
  }
  return parts;
}

/** A later customer turn; email ones often quote the agent's last reply, as mail clients do. */
function followUp({ rng, intent, channel, slots, seq }: Ctx, thread: Message[], turn: number, last: boolean): string {
  const r = rng();
  const core = last && r < 0.5 ? pick(rng, W.CLOSERS) : r > 0.8 ? pick(rng, W.NUDGES) : nth(intent.followUps, seq, turn);
  const text = maybeTypo(rng, fill(core, slots), isShort(channel) ? 0.35 : 0.1);
  if (channel !== 'email') return text;
  const reply = [...thread].reverse().find((m) => m.role === 'agent' && m.public);
  const body = rng() < 0.4 ? `Hi ${slots.agent},\n\n${text}\n\n${slots.first}` : text;
  if (!reply || rng() >= 0.45) return body;
  return `${body}\n\n${quoteHeader(reply.at, `${slots.agent} (Brightwell Support) <support@brightwell.example>`)}\n${quote(reply.text)}`;
}

function agentReply({ rng, intent, channel, slots, seq }: Ctx, k: number, turns: number): string {
  const r = rng();
  const core = k > 1 && k === turns && r < 0.5 ? pick(rng, W.CLOSING_REPLIES) : k > 1 && r > 0.75 ? pick(rng, W.HOLD_REPLIES) : nth(intent.replies, seq, k);
  const text = fill(core, slots);
  if (channel !== 'email' && channel !== 'web') return text;
  return `Hi ${slots.first},\n\n${text}\n\n${fill(pick(rng, W.SIGNOFFS), slots)}`;
}

/** Gmail's attribution line: `On Tue, Mar 4, 2025 at 9:15 AM Name <addr> wrote:`. */
function quoteHeader(at: number, from: string): string {
  const d = new Date(at);
  const h = d.getUTCHours();
  const clock = `${h % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
  return `On ${DAY_NAMES[d.getUTCDay()].slice(0, 3)}, ${MONTH_NAMES[d.getUTCMonth()].slice(0, 3)} ${d.getUTCDate()}, ${d.getUTCFullYear()} at ${clock} ${from} wrote:`;
}

function quote(text: string): string {
  return text.split('\n').map((line) => (line ? `> ${line}` : '>')).join('\n');
}

/** Swaps two letters inside one word (never inside numbers, emails or links), with probability p. */
function maybeTypo(rng: Rng, text: string, p: number): string {
  if (rng() >= p) return text;
  const words = [...text.matchAll(/(?<![\w@./-])[A-Za-z]{5,}(?![\w@/-]|\.\w)/g)];
  if (words.length === 0) return text;
  const w = words[Math.floor(rng() * words.length)];
  const i = (w.index ?? 0) + 1 + Math.floor(rng() * (w[0].length - 3));
  return text.slice(0, i) + text[i + 1] + text[i] + text.slice(i + 2);
}

/** Fills `{slot}`s ("a {product}" becomes "an Aero..." where needed); an unknown slot throws. */
export function fill(template: string, slots: Record<string, string>): string {
  const articled = template.replace(/\b([Aa]) \{(\w+)\}/g, (m, a: string, key: string) => (/^[aeiou]/i.test(slots[key] ?? '') ? `${a}n {${key}}` : m));
  return articled.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = slots[key];
    if (value === undefined) throw new Error(`texts.ts: unknown slot {${key}} in "${template}"`);
    return value;
  });
}

// --- Timing --------------------------------------------------------------------------------

function agentDelay(rng: Rng, channel: Channel): number {
  if (channel === 'chat' || channel === 'messaging') return between(rng, 20, 240) * SEC;
  if (channel === 'phone') return between(rng, 60, 600) * SEC;
  return skewed(rng, 15 * MIN, 20 * HOUR);
}

/** Time from an agent's reply to the customer's next turn: some over a day (a new window). */
function customerGap(rng: Rng, channel: Channel): number {
  const r = rng();
  if (channel === 'chat' || channel === 'messaging') {
    if (r < 0.7) return between(rng, 30, 480) * SEC;
    if (r < 0.85) return between(rng, 1 * 3600, 6 * 3600) * SEC;
    return between(rng, 25 * 3600, 5 * 86400) * SEC;
  }
  if (r < 0.4) return between(rng, 20 * 60, 6 * 3600) * SEC;
  if (r < 0.7) return between(rng, 6 * 3600, 23 * 3600) * SEC;
  return between(rng, 25 * 3600, 6 * 86400) * SEC;
}

// --- Draws ---------------------------------------------------------------------------------

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)];
}

/** The k-th of a list from a ticket's starting point, so a thread does not repeat a line. */
function nth<T>(list: readonly T[], start: number, k: number): T {
  return list[(start + k) % list.length];
}

function pickTwo<T>(rng: Rng, list: readonly T[]): [T, T] {
  const a = Math.floor(rng() * list.length);
  const b = (a + 1 + Math.floor(rng() * (list.length - 1))) % list.length;
  return [list[a], list[b]];
}

function weighted<T>(rng: Rng, mix: Mix<T>): T {
  let r = rng() * mix.reduce((s, [, w]) => s + w, 0);
  for (const [value, w] of mix) {
    if ((r -= w) < 0) return value;
  }
  return mix[mix.length - 1][0];
}

/** A whole number in [lo, hi]. */
function between(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/**
 * Whole seconds in [lo, hi] ms, skewed short with a long tail (median near lo + (hi - lo) / 8).
 * Plain arithmetic, no Math.exp/log, whose last bits may differ between engines.
 */
function skewed(rng: Rng, lo: number, hi: number): number {
  const u = rng();
  return Math.round((lo + (hi - lo) * u * u * u) / SEC) * SEC;
}
