/**
 * A playbook made ready to match: RegExps built once per worker (a Playbook crosses the thread
 * boundary as plain data, so it cannot carry them), intents kept in playbook order, and the
 * text conventions the patterns are written against (normalizeText).
 */

// Types only: workers import this file, and need neither zod nor yaml.
import type { HandoffRule, Playbook, PlaybookIntent } from './playbook.js';
import { dropQuotedHistory } from '../../adapters/text.js';
import { CHANNELS, type Channel } from '../ticket.js';

/**
 * Standard actions that only read, for playbooks that do not declare them under `actions`: at a
 * hand-off the agent has done its template up to and including the first lookup.
 */
export const STANDARD_LOOKUPS: readonly string[] = [
  'Get Cases', 'Get Order Details', 'Get Work Types', 'Get Time Slots', 'Answer Question with Knowledge',
];

export interface CompiledRule {
  id: string;
  reason: string;
  /** The rule's patterns joined into as few RegExps as possible. */
  any: RegExp[];
  /** Lower-cased. */
  priorities: string[];
  /** No patterns and no priorities: the rule applies to every ticket. */
  always: boolean;
}

export interface CompiledIntent {
  id: string;
  catchAll: boolean;
  /** One RegExp per pattern, in order (for the matched words). */
  patterns: RegExp[];
  /** The same patterns joined into as few RegExps as possible (for the match itself). */
  any: RegExp[];
  actions: string[];
  followUpAction: string;
  automationRate: number;
  weight: number;
  /** The automation rate per channel: the intent's own per-channel rate, times the playbook's channel factor. */
  rateByChannel: Partial<Record<Channel, number>>;
  /** The first lookup of the template, repeated when a solved ticket is reopened. */
  reopenAction: string;
  /** What the agent does before escalating at the first turn: the template up to its first lookup. */
  handoffActions: string[];
  /** Hand-off rules in the order they are tried: the playbook's, then the intent's own. */
  rules: CompiledRule[];
}

export interface CompiledPlaybook {
  /** Intents with patterns, in playbook order: the one matching most patterns wins, ties the earlier. */
  intents: CompiledIntent[];
  /** Takes every ticket that no intent matched. */
  catchAll: CompiledIntent;
}

export interface IntentMatch {
  intent: CompiledIntent;
  /** The intent's id, or `catch-all` when nothing matched. */
  rule: string;
  /** What the intent's patterns matched, deduplicated, at most MAX_MATCHED. */
  matched: string[];
}

const MAX_MATCHED = 5;

/**
 * Builds the RegExps of a validated playbook. Patterns get the `i` flag only (never `g`, whose
 * `lastIndex` state would make a match depend on the previous ticket).
 *
 * @example
 * const compiled = compilePlaybook(loadPlaybook());
 * matchIntent(compiled, normalizeText('Where is my package?')).intent.id; // 'order-status'
 */
export function compilePlaybook(pb: Playbook): CompiledPlaybook {
  const declared = new Map(pb.actions.map((a) => [a.name, a.lookup]));
  const isLookup = (name: string) => declared.get(name) ?? STANDARD_LOOKUPS.includes(name);
  const global = pb.handoffRules.map(compileRule);
  const intents = pb.intents.map((intent) => compileIntent(intent, global, isLookup, pb.channelFactors ?? {}));
  const catchAll = intents.find((intent) => intent.catchAll);
  // loadPlaybook guarantees exactly one; a hand-built Playbook may not.
  if (!catchAll) throw new Error('playbook has no catch-all intent');
  return { intents: intents.filter((intent) => intent.patterns.length > 0), catchAll };
}

function compileIntent(
  intent: PlaybookIntent,
  global: CompiledRule[],
  isLookup: (name: string) => boolean,
  factors: Partial<Record<Channel, number>>,
): CompiledIntent {
  const firstLookup = intent.actions.findIndex(isLookup);
  return {
    id: intent.id,
    catchAll: intent.catchAll,
    patterns: intent.patterns.map(compilePattern),
    any: anyOf(intent.patterns),
    actions: intent.actions,
    followUpAction: intent.followUpAction,
    automationRate: intent.automationRate,
    weight: intent.weight,
    rateByChannel: Object.fromEntries(
      CHANNELS.map((ch) => [ch, Math.min(1, (intent.automationRateByChannel[ch] ?? intent.automationRate) * (factors[ch] ?? 1))]),
    ),
    reopenAction: intent.actions[firstLookup < 0 ? 0 : firstLookup],
    handoffActions: intent.actions.slice(0, firstLookup < 0 ? 1 : firstLookup + 1),
    rules: [...global, ...intent.handoff.map(compileRule)],
  };
}

function compileRule(rule: HandoffRule): CompiledRule {
  return {
    id: rule.id,
    reason: rule.reason,
    any: anyOf(rule.patterns),
    priorities: rule.priorities.map((p) => p.toLowerCase()),
    always: rule.patterns.length === 0 && rule.priorities.length === 0,
  };
}

function compilePattern(source: string): RegExp {
  return new RegExp(source, 'i');
}

/**
 * One alternation scans the text once where separate patterns scan it once each (about twice as
 * fast over the built-in playbook). Numbered backreferences would point at another pattern's
 * groups once joined, and named groups could clash, so a set that uses either stays separate.
 */
function anyOf(sources: string[]): RegExp[] {
  if (sources.length < 2 || sources.some((s) => /\\[1-9]|\(\?<[^=!]/.test(s))) return sources.map(compilePattern);
  return [compilePattern(sources.map((s) => `(?:${s})`).join('|'))];
}

/**
 * The intent whose patterns match `text` (already normalized) most: each distinct pattern that
 * matches counts one, ties go to the earlier intent in the playbook, and a ticket nothing matches
 * goes to the catch-all. An intent whose joined pattern does not match at all is skipped after
 * one scan, which keeps most tickets to a few scans per intent.
 */
export function matchIntent(pb: CompiledPlaybook, text: string): IntentMatch {
  let best: CompiledIntent | undefined;
  let bestScore = 0;
  for (const intent of pb.intents) {
    if (!matchesAny(intent.any, text)) continue;
    let score = 0;
    for (const re of intent.patterns) if (re.test(text)) score += intent.weight;
    if (score > bestScore) {
      best = intent;
      bestScore = score;
    }
  }
  if (!best) return { intent: pb.catchAll, rule: 'catch-all', matched: [] };
  const matched: string[] = [];
  for (const re of best.patterns) {
    const word = re.exec(text)?.[0].trim();
    if (word && !matched.includes(word)) matched.push(word);
    if (matched.length === MAX_MATCHED) break;
  }
  return { intent: best, rule: best.id, matched };
}

/** True when one of the patterns matches. */
export function matchesAny(patterns: RegExp[], text: string): boolean {
  for (const re of patterns) if (re.test(text)) return true;
  return false;
}

/**
 * The text patterns are matched against: lower-cased once (so matched words read the same
 * whatever the customer's caps lock), typographic apostrophes made plain, and quoted history and
 * signatures dropped so an agent's quoted answer cannot decide the intent. Text that is nothing
 * but a quote is kept whole.
 */
export function normalizeText(raw: string): string {
  let text = raw.toLowerCase();
  if (text.includes('\u2019')) text = text.replaceAll('\u2019', "'");
  return dropQuotedHistory(text);
}
