/**
 * Inference for one ticket: which intent it carries, the actions an AI agent would have taken,
 * the customer's turns, and whether the AI closes it or hands it off. A pure function of the
 * ticket, the playbook and the seed (the only randomness is drawUniform's), so results never
 * depend on worker count or ticket order. The rules are documented for users at the top of
 * datasets/playbooks/default.yaml.
 */

import { ESCALATE } from '../actions.js';
import { messages } from '../messages.js';
import { drawUniform } from '../random.js';
import type { Message, Ticket } from '../ticket.js';
import { matchesAny, matchIntent, normalizeText, type CompiledIntent, type CompiledPlaybook, type IntentMatch } from './compile.js';
import type { Inference, Resolution } from './inference.js';

/** Where a hand-off happens: the 0-based customer turn, and why. */
interface Handoff {
  turn: number;
  reason: string;
}

/**
 * Infers what an AI agent would have done with a ticket. `explain: false` leaves `matched` empty
 * (the replay, which keeps only totals, skips working out which words decided).
 *
 * @example
 * const pb = compilePlaybook(loadPlaybook());
 * inferTicket(ticket, pb, 1); // { intent: 'order-status', actions: ['Identify Customer', ...], ... }
 */
export function inferTicket(ticket: Ticket, pb: CompiledPlaybook, seed: number, options: { explain?: boolean } = {}): Inference {
  const turns = customerMessages(ticket);
  const customerTurns = turns.length > 0 ? turns.map((m) => m.at) : turnsFromActivity(ticket);
  if (ticket.actions) return fromActionLog(ticket.actions, customerTurns);

  const head = normalizeText(headText(ticket, turns[0]));
  const explain = options.explain ?? true;
  const match = matchIntent(pb, head, explain);
  const { intent } = match;

  const handoff = findHandoff(intent, ticket.priority, head, turns)
    ?? (drawUniform(seed, ticket.id, 'resolution') < (intent.rateByChannel[ticket.channel] ?? intent.automationRate)
      ? undefined
      : { turn: 0, reason: messages.reasonBeyondRate() });
  if (!handoff) {
    const actions = handled(intent, customerTurns.length);
    if (ticket.events.length > 0) actions.push(...structural(ticket, intent));
    return inference(match, explain, actions, customerTurns, customerTurns.length, 'ai', messages.reasonWithinRate());
  }
  // At the first turn the agent stops after its first lookup; later, it has done the full
  // template and the follow-ups of the turns it answered. Either way, what it did is metered.
  const actions = handoff.turn === 0 ? intent.handoffActions.slice() : handled(intent, handoff.turn);
  actions.push(ESCALATE);
  // The AI's part ends at the hand-off: later turns are the human's and open no AI conversation.
  return inference(match, explain, actions, customerTurns.slice(0, handoff.turn + 1), Math.max(1, handoff.turn), 'handoff', handoff.reason);
}

/**
 * The result, its fields always in this order; the winner's score and runner-up only with
 * explanations. A plain object literal for the replay, which asks for no explanation: spreading
 * an empty optional part into one showed up in its profile (about 5% of inference).
 */
function inference(
  match: IntentMatch, explain: boolean, actions: string[], customerTurns: number[], aiReplies: number, resolution: Resolution, reason: string,
): Inference {
  const { intent, rule, matched } = match;
  if (!explain) return { intent: intent.id, rule, matched, actions, customerTurns, aiReplies, resolution, reason };
  const runnerUp = match.runnerUp && { runnerUp: match.runnerUp };
  return { intent: intent.id, rule, matched, score: match.score, ...runnerUp, actions, customerTurns, aiReplies, resolution, reason };
}

/**
 * Customer turns of an export without messages: the opening, one per counted customer reply (at
 * the opening too: the export does not say when), and one per reopen at the last update, since a
 * reopen comes after a solve. Counts only; no message is invented.
 */
function turnsFromActivity(ticket: Ticket): number[] {
  const turns = [ticket.createdAt];
  const activity = ticket.activity;
  if (!activity) return turns;
  for (let i = 0; i < (activity.customerReplies ?? 0); i++) turns.push(ticket.createdAt);
  const reopenedAt = ticket.updatedAt ?? ticket.solvedAt ?? ticket.createdAt;
  for (let i = 0; i < (activity.reopens ?? 0); i++) turns.push(reopenedAt);
  return turns;
}

/** An explicit action log is replayed as is: no intent, no draw. */
function fromActionLog(log: string[], customerTurns: number[]): Inference {
  const escalates = log.includes(ESCALATE);
  return {
    intent: 'explicit-actions',
    rule: 'explicit-actions',
    matched: [],
    actions: [...log],
    customerTurns,
    aiReplies: Math.max(1, customerTurns.length),
    resolution: escalates ? 'handoff' : 'ai',
    reason: escalates ? messages.reasonActionLogEscalates() : messages.reasonActionLog(),
  };
}

/** Public customer messages in time order: internal notes and agent replies are not turns. */
const NO_MESSAGES: Message[] = [];

function customerMessages(ticket: Ticket): Message[] {
  if (ticket.messages.length === 0) return NO_MESSAGES;
  const turns = ticket.messages.filter((m) => m.role === 'customer' && m.public);
  for (let i = 1; i < turns.length; i++) {
    // Exports are nearly always in order already; sort (stably) only when one is not.
    if (turns[i].at < turns[i - 1].at) return turns.sort((a, b) => a.at - b.at);
  }
  return turns;
}

/** Subject, body (the first customer message when the export has no body) and tags. */
function headText(ticket: Ticket, first: Message | undefined): string {
  const body = ticket.body || first?.text || '';
  // Tags like `order_status` or `late-delivery` read as words.
  const tags = ticket.tags.length > 0 ? ticket.tags.join(' ').replace(/[_-]/g, ' ') : '';
  return `${ticket.subject}\n${body}\n${tags}`;
}

/** The template, then the follow-up action once for each turn after the first. */
/** Fields whose change is the agent's work (a status or assignment change is workflow, not work). */
const WORKFLOW_FIELDS = new Set(['status', 'state', 'assignment', 'assignee_id', 'group_id', 'assignee', 'group']);
const MAX_UPDATES = 3;

/**
 * Work the thread shows on top of the template: each field change (priority, type, tags...)
 * is an `Update Record` (at most three), and each reopen after a solve repeats the template's
 * first lookup.
 */
function structural(ticket: Ticket, intent: CompiledIntent): string[] {
  const out: string[] = [];
  let updates = 0;
  let solved = false;
  for (const e of ticket.events) {
    if (!WORKFLOW_FIELDS.has(e.field)) {
      if (updates++ < MAX_UPDATES) out.push('Update Record');
    } else if (e.field === 'status' || e.field === 'state') {
      const to = (e.to ?? '').toLowerCase();
      if (to === 'solved' || to === 'closed' || to === 'resolved') solved = true;
      else if (solved && (to === 'open' || to === 'new' || to === 'pending')) {
        out.push(intent.reopenAction);
        solved = false;
      }
    }
  }
  return out;
}

function handled(intent: CompiledIntent, turns: number): string[] {
  const actions = intent.actions.slice();
  for (let i = 1; i < turns; i++) actions.push(intent.followUpAction);
  return actions;
}

/**
 * The earliest turn at which a hand-off rule applies; at the same turn the rule listed first wins.
 * Rules on the whole ticket (no patterns, or its priority) and patterns found in the subject,
 * body or tags apply at the first turn; a pattern first found in a later customer message applies
 * at that message's turn.
 */
function findHandoff(intent: CompiledIntent, priority: string, head: string, turns: Message[]): Handoff | undefined {
  const rules = intent.rules;
  if (rules.length === 0) return undefined;
  const level = priority.trim().toLowerCase();
  let anyInHead: boolean | undefined;
  for (const r of rules) {
    if (r.always || r.priorities.includes(level)) return { turn: 0, reason: r.reason };
    if (r.any.length > 0 && (anyInHead ??= matchesAny(intent.rulesAny, head)) && matchesAny(r.any, head)) return { turn: 0, reason: r.reason };
  }
  for (let turn = 0; turn < turns.length; turn++) {
    const text = normalizeText(turns[turn].text);
    if (!matchesAny(intent.rulesAny, text)) continue;
    for (const r of rules) if (matchesAny(r.any, text)) return { turn, reason: r.reason };
  }
  return undefined;
}
