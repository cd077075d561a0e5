/**
 * A playbook made ready to match: RegExps built once per worker (a Playbook crosses the thread
 * boundary as plain data, so it cannot carry them), intents kept in playbook order, and the
 * text conventions the patterns are written against (normalizeText).
 */

// Types only: workers import this file, and need neither zod nor yaml.
import type { HandoffRule, Playbook, PlaybookIntent } from './playbook.js';
import { dropQuotedHistory } from '../../adapters/text.js';
import { CHANNELS, type Channel } from '../ticket.js';
import { buildKeywordIndex, keywordWeight, spelledInText, type KeywordHits, type KeywordIndex } from './keywords.js';
import { forEachWord } from './tokens.js';

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
  /** Added to the score of an intent with evidence. */
  prior: number;
  /** Taken from the evidence for every keyword found in the text, whoever's it is. */
  keywordCost: number;
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
  /** Every pattern of those rules joined: most texts match none, and are read once, not once per rule. */
  rulesAny: RegExp[];
}

export interface CompiledPlaybook {
  /** Every intent, in playbook order (ties go to the earlier). */
  intents: CompiledIntent[];
  /** Takes every ticket that no intent matched. */
  catchAll: CompiledIntent;
  /** The keywords of all intents, read in one pass per text. */
  keywords: KeywordIndex;
  /** Scratch per worker: one score per intent, and whether it has evidence. */
  scores: Float64Array;
  evidence: Uint8Array;
}



export interface IntentMatch {
  intent: CompiledIntent;
  /** The intent's id, or `catch-all` when nothing matched. */
  rule: string;
  /** The keywords found (strongest first), then what the patterns matched; at most MAX_MATCHED. */
  matched: string[];
  /** The winner's keyword score (its prior alone for a catch-all without keywords found). */
  score: number;
  /** The winner's matching patterns, times its weight (they rank before keywords). */
  patterns: number;
  /** The intent that came second and its keyword score, when one competed. */
  runnerUp?: { intent: string; score: number };
}

const MAX_MATCHED = 5;

/**
 * Builds the RegExps of a validated playbook. Patterns never get the `g` flag, whose `lastIndex`
 * state would make a match depend on the previous ticket.
 *
 * @example
 * const compiled = compilePlaybook(loadPlaybook());
 * matchIntent(compiled, normalizeText('Where is my package?')).intent.id; // 'order-status'
 */
export function compilePlaybook(pb: Playbook): CompiledPlaybook {
  const declared = new Map(pb.actions.map((a) => [a.name, a.lookup]));
  const isLookup = (name: string) => declared.get(name) ?? STANDARD_LOOKUPS.includes(name);
  const global = pb.handoffRules.map(compileRule);
  const intents = pb.intents.map((intent) => compileIntent(intent, global, pb.handoffRules.flatMap((r) => r.patterns), isLookup, pb.channelFactors ?? {}));
  const catchAll = intents.find((intent) => intent.catchAll);
  // loadPlaybook guarantees exactly one; a hand-built Playbook may not.
  if (!catchAll) throw new Error('playbook has no catch-all intent');
  return {
    intents,
    catchAll,
    keywords: buildKeywordIndex(pb.intents.map((intent) => intent.keywords ?? {}), tableHits(pb)),
    scores: new Float64Array(intents.length),
    evidence: new Uint8Array(intents.length),
  };
}

/** The keyword table's entries as (intent index, keyword, weight). */
function tableHits(pb: Playbook): KeywordHits | undefined {
  const table = pb.keywordTable;
  if (!table) return undefined;
  const index = new Map(pb.intents.map((intent, i) => [intent.id, i]));
  return { intent: table.intent.map((id) => index.get(id) ?? -1), keyword: table.keyword, weight: table.weight };
}

function compileIntent(
  intent: PlaybookIntent,
  global: CompiledRule[],
  globalPatterns: string[],
  isLookup: (name: string) => boolean,
  factors: Partial<Record<Channel, number>>,
): CompiledIntent {
  const firstLookup = intent.actions.findIndex(isLookup);
  return {
    id: intent.id,
    catchAll: intent.catchAll,
    patterns: intent.patterns.map(compilePattern),
    prior: intent.prior ?? 0,
    keywordCost: intent.keywordCost ?? 0,
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
    rulesAny: anyOf([...globalPatterns, ...intent.handoff.flatMap((r) => r.patterns)]),
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

/**
 * Texts are lower-cased before matching, so the `i` flag (which slows V8's matcher by about half)
 * is only needed by a pattern that spells an upper-case letter outside an escape.
 */
function compilePattern(source: string): RegExp {
  return new RegExp(source, patternFlags(source));
}

/** The flags a pattern is compiled with (and probed with, engine/infer/playbook.ts). */
export function patternFlags(source: string): string {
  return /[A-Z]/.test(source.replace(/\\[\s\S]/g, '')) ? 'i' : '';
}

/**
 * One alternation scans the text once where separate patterns scan it once each; and the `\b`
 * that starts most patterns is taken out in front (`\b(?:a|b)`, not `\ba|\bb`), which lets V8
 * skip positions that cannot start a word: about 5× faster over the built-in hand-off rules.
 * Numbered backreferences would point at another pattern's groups once joined, and named groups
 * could clash, so a set that uses either stays separate.
 */
function anyOf(sources: string[]): RegExp[] {
  if (sources.length < 2 || sources.some((s) => /\\[1-9]|\(\?<[^=!]/.test(s))) return sources.map(compilePattern);
  const bounded = sources.filter((s) => s.startsWith('\\b') && !topLevelAlternation(s));
  const rest = sources.filter((s) => !bounded.includes(s));
  const parts = rest.map((s) => `(?:${s})`);
  if (bounded.length > 0) parts.unshift(`\\b(?:${bounded.map((s) => `(?:${s.slice(2)})`).join('|')})`);
  return [compilePattern(parts.join('|'))];
}

/** True when `|` splits the whole pattern (outside groups and classes): `\ba|b` is not `\b(?:a|b)`. */
function topLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * The intent with the strongest evidence in `text` (already normalized).
 *
 * Patterns are rules and come first: an intent with more matching patterns (times its weight)
 * beats one with fewer, whatever the keywords say. Keywords are evidence and decide among intents
 * with as many pattern matches (none, for the built-in playbook): an intent's keyword score is
 * the sum of the weights of its keywords found in the text (each counted once, negative weights
 * included) minus its keywordCost for every keyword found (its own or another intent's), times
 * its weight, plus its prior. The catch-all always competes; another intent competes when it has
 * some evidence (a keyword of positive weight, or a pattern, found). Ties go to the earlier intent.
 */
export function matchIntent(pb: CompiledPlaybook, text: string, withWords = true): IntentMatch {
  const { intents, scores, evidence, keywords, catchAll } = pb;
  evidence.fill(0);
  const foundCount = keywords.reader.read(text, scores, evidence);
  let best = -1;
  let bestRules = 0;
  let bestScore = 0;
  let second = -1;
  let secondRules = 0;
  let secondScore = 0;
  for (let i = 0; i < intents.length; i++) {
    const intent = intents[i];
    let rules = 0;
    if (intent.patterns.length > 0 && matchesAny(intent.any, text)) {
      for (const re of intent.patterns) if (re.test(text)) rules += intent.weight;
      evidence[i] = 1;
    }
    if (evidence[i] === 0 && intent !== catchAll) continue;
    const score = (scores[i] - intent.keywordCost * foundCount) * intent.weight + intent.prior;
    if (best < 0 || rules > bestRules || (rules === bestRules && score > bestScore)) {
      second = best;
      secondRules = bestRules;
      secondScore = bestScore;
      best = i;
      bestRules = rules;
      bestScore = score;
    } else if (second < 0 || rules > secondRules || (rules === secondRules && score > secondScore)) {
      second = i;
      secondRules = rules;
      secondScore = score;
    }
  }
  const winner = intents[best];
  const runnerUp = second >= 0 ? { intent: intents[second].id, score: secondScore } : undefined;
  if (winner === catchAll && evidence[best] === 0) return { intent: catchAll, rule: 'catch-all', matched: [], score: bestScore, patterns: 0, runnerUp };
  return { intent: winner, rule: winner.id, matched: withWords ? explain(pb, best, second, keywords.reader.lastFound(), text) : [], score: bestScore, patterns: bestRules, runnerUp };
}

/**
 * The words that decided: the winner's keywords found, those that favour it most over the
 * runner-up first (a word both intents weigh alike decided nothing), then what its patterns
 * matched.
 */
function explain(pb: CompiledPlaybook, winner: number, runnerUp: number, found: number[], text: string): string[] {
  const { keywords } = pb;
  const mine: { f: number; lead: number }[] = [];
  for (const f of found) {
    const own = keywordWeight(keywords, f, winner);
    if (own <= 0) continue;
    const lead = own - (runnerUp >= 0 ? keywordWeight(keywords, f, runnerUp) : 0);
    if (lead > 0 || runnerUp < 0) mine.push({ f, lead });
  }
  mine.sort((a, b) => b.lead - a.lead);
  // As the customer wrote them ("refunded"), not as the playbook lists them ("refund").
  const matched: string[] = [];
  const textWords: string[] = [];
  if (mine.length > 0) forEachWord(text, (w) => textWords.push(w));
  for (const { f } of mine) {
    if (matched.length === MAX_MATCHED) break;
    const words = spelledInText(keywords, f, textWords);
    if (!matched.includes(words)) matched.push(words);
  }
  for (const re of pb.intents[winner].patterns) {
    if (matched.length === MAX_MATCHED) break;
    const word = re.exec(text)?.[0].trim();
    if (word && !matched.includes(word)) matched.push(word);
  }
  return matched;
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
