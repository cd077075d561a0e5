/**
 * Playbooks: the data that drives action inference (datasets/playbooks/default.yaml documents the
 * format). Loaded and validated once, at the boundary; the result is plain JSON (patterns stay
 * source strings) because it is sent to every worker by structured clone, where
 * compile.ts turns it into RegExps.
 */

import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { PlaybookSummary } from '../summary.js';
import { ESCALATE, STANDARD_ACTIONS } from '../actions.js';
import { loadConfigFile, validateConfig } from '../config.js';
import { DEFAULT_LIMITS, LIMIT_OPTIONS, type Limits } from '../limits.js';
import { PROBE_MAX_CHARS, slowPattern } from './regex-probe.js';
import { messages } from '../messages.js';
import { datasetPath } from '../paths.js';
import { CHANNELS, type Channel } from '../ticket.js';
import { patternFlags } from './compile.js';
import { loadKeywordTable, type KeywordTable } from './keyword-table.js';
import { MAX_KEYWORD_WORDS } from './keywords.js';
import { keywordWordCount } from './tokens.js';

/** The built-in playbook, loaded when `--playbook` is not given. */
export const DEFAULT_PLAYBOOK_FILE = datasetPath('playbooks', 'default.yaml');

/** The action each customer turn beyond the first adds, unless the playbook says otherwise. */
export const DEFAULT_FOLLOW_UP = 'Answer Question with Knowledge';

/** A rule that sends a ticket to a human. Neither patterns nor priorities: it always applies. */
export interface HandoffRule {
  id: string;
  /** Why, as inspect and the summary's hand-off reasons show it. */
  reason: string;
  /** Regex sources, matched case-insensitively over the ticket's text and customer messages. */
  patterns: string[];
  /** Ticket priorities (case-insensitive) that trigger the rule. */
  priorities: string[];
}

export interface PlaybookIntent {
  id: string;
  label: string;
  /** Filled at load: true for the one intent that takes every unmatched ticket. */
  catchAll: boolean;
  patterns: string[];
  /** Keyword (one to three words) → weight of evidence; negative weights count against the intent. */
  keywords: Record<string, number>;
  /** Added to the score of an intent with evidence: how much evidence it needs (negative) or gets for free. */
  prior: number;
  /** Subtracted from the evidence for every keyword found in the text, of any intent. */
  keywordCost: number;
  /** The template: actions of an AI-resolved first turn, in order. */
  actions: string[];
  /** Filled at load from the playbook's `followUpAction` when the intent gives none. */
  followUpAction: string;
  /** Probability (0..1) that the AI closes a ticket of this intent alone. */
  automationRate: number;
  /** Multiplies the intent's match score: generic intents (how-to) weigh less. */
  weight: number;
  /** Rates for particular channels (chat may automate better than phone). */
  automationRateByChannel: Partial<Record<Channel, number>>;
  handoff: HandoffRule[];
}

export interface ActionDoc {
  name: string;
  description: string;
  /** True for actions that only read (see STANDARD_LOOKUPS in compile.ts). */
  lookup: boolean;
}

/** A validated playbook: plain data, safe to structured-clone into workers. */
export interface Playbook {
  description?: string;
  followUpAction: string;
  actions: ActionDoc[];
  handoffRules: HandoffRule[];
  /** Multiplies every intent's automation rate on a channel (e.g. phone: 0.5). */
  channelFactors: Partial<Record<Channel, number>>;
  intents: PlaybookIntent[];
  /** The keywordsFile's entries; an intent's own `keywords` win over them. */
  keywordTable?: KeywordTable;
}

const text = z.string().min(1);
const HandoffRuleSchema = z.strictObject({
  id: text,
  reason: text,
  patterns: z.array(text).default([]),
  priorities: z.array(text).default([]),
});
const IntentSchema = z.strictObject({
  id: text,
  label: text,
  catchAll: z.boolean().default(false),
  patterns: z.array(text).default([]),
  keywords: z.record(text, z.number().min(-20).max(20)).default({}),
  prior: z.number().min(-20).max(20).default(0),
  keywordCost: z.number().min(0).max(20).default(0),
  actions: z.array(text).min(1),
  followUpAction: text.optional(),
  automationRate: z.number().min(0).max(1),
  weight: z.number().positive().max(10).default(1),
  automationRateByChannel: z.partialRecord(z.enum(CHANNELS), z.number().min(0).max(1)).default({}),
  handoff: z.array(HandoffRuleSchema).default([]),
});
const SpecSchema = z.strictObject({
  description: z.string().optional(),
  keywordsFile: text.optional(),
  followUpAction: text.default(DEFAULT_FOLLOW_UP),
  actions: z.array(z.strictObject({ name: text, description: text, lookup: z.boolean().default(false) })).default([]),
  handoffRules: z.array(HandoffRuleSchema).default([]),
  channelFactors: z.partialRecord(z.enum(CHANNELS), z.number().min(0).max(10)).default({}),
  intents: z.array(IntentSchema).min(1),
});

/**
 * A playbook that `extends: default` lists only what it changes: intents, hand-off rules and
 * actions with an existing id replace those fields, new ones are added (new intents before the
 * catch-all), other top-level fields override.
 */
const ExtensionSchema = z.strictObject({
  extends: z.literal('default'),
  description: z.string().optional(),
  keywordsFile: text.optional(),
  followUpAction: text.optional(),
  actions: z.array(z.looseObject({ name: text })).default([]),
  handoffRules: z.array(z.looseObject({ id: text })).default([]),
  channelFactors: z.partialRecord(z.enum(CHANNELS), z.number().min(0).max(10)).optional(),
  intents: z.array(z.looseObject({ id: text })).default([]),
});

/** The JSON Schema of playbook files, for editors (datasets/playbooks/playbook.schema.json). */
export function playbookJsonSchema(): unknown {
  return z.toJSONSchema(z.union([SpecSchema, ExtensionSchema]), { io: 'input' });
}

type Spec = z.output<typeof SpecSchema>;
type Ctx = z.RefinementCtx<Spec>;

/** What the report says of a playbook: its file, intents, catch-all, hand-off rules and keywords. */
export function playbookSummary(pb: Playbook, file?: string): PlaybookSummary {
  const inline = pb.intents.reduce((n, i) => n + Object.keys(i.keywords ?? {}).length, 0);
  return {
    file: file ?? 'built-in',
    intents: pb.intents.length,
    catchAll: pb.intents.filter((i) => i.catchAll).map((i) => i.id),
    handoffRules: pb.handoffRules.length,
    keywords: inline + (pb.keywordTable?.intent.length ?? 0),
    channelFactors: { ...pb.channelFactors } as Record<string, number>,
  };
}

/**
 * Loads and validates a playbook file (JSON or YAML); no file loads the built-in one through the
 * same validation. Errors are ReplayErrors naming the file, line and field
 * (`intents[3].patterns[1]`). A user file's own patterns are also timed on adversarial texts
 * (`limits.regexTimeoutMs`, engine/limits.ts slowPattern); the built-in ones are trusted.
 *
 * @example
 * const playbook = loadPlaybook();                 // built-in
 * const mine = loadPlaybook('my-playbook.yaml');   // throws ReplayError('CONFIG') if invalid
 */
export function loadPlaybook(file: string = DEFAULT_PLAYBOOK_FILE, limits: Limits = DEFAULT_LIMITS): Playbook {
  const loaded = loadConfigFile(file);
  const data = loaded.data as { extends?: unknown } | null;
  // The built-in playbook's patterns need no probe, in it or in a playbook that extends it.
  const trusted = new Set<string>();
  if (data && typeof data === 'object' && 'extends' in data) {
    const extension = validateConfig(ExtensionSchema, loaded);
    const base = loadConfigFile(DEFAULT_PLAYBOOK_FILE).data as Record<string, unknown>;
    for (const source of patternsOf(base)) trusted.add(source);
    // Each file's keyword table is named relative to that file.
    if (typeof base.keywordsFile === 'string') base.keywordsFile = resolve(dirname(DEFAULT_PLAYBOOK_FILE), base.keywordsFile);
    loaded.data = extend(base, extension);
  }
  const keywordTable = readKeywordTable(loaded.data, file);
  const tableIntents = new Set(keywordTable?.intent);
  const catchAll = (intent: Partial<CatchAllFields> & { id?: string }) => isCatchAll(intent, tableIntents);
  const probe = file === DEFAULT_PLAYBOOK_FILE ? undefined : { limits, trusted };
  const schema = SpecSchema.superRefine((pb, ctx) => checkPlaybook(pb, ctx, catchAll, probe));
  const { keywordsFile: _file, ...spec } = validateConfig(schema, loaded);
  return {
    ...spec,
    intents: spec.intents.map((intent) => ({
      ...intent,
      catchAll: catchAll(intent),
      followUpAction: intent.followUpAction ?? spec.followUpAction,
    })),
    ...(keywordTable && { keywordTable }),
  };
}

/** The playbook's `keywordsFile` (named relative to the playbook), read before validation: its intents count as having keywords. */
function readKeywordTable(data: unknown, file: string): KeywordTable | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const { keywordsFile, intents } = data as { keywordsFile?: unknown; intents?: unknown };
  if (typeof keywordsFile !== 'string' || !Array.isArray(intents)) return undefined;
  const ids = new Set(intents.map((i: { id?: unknown }) => i?.id).filter((id): id is string => typeof id === 'string'));
  return loadKeywordTable(keywordTablePath(keywordsFile, file), ids);
}

/**
 * A keyword table is named relative to its playbook. A bare file name that is not there but is
 * one of the built-in tables (datasets/playbooks/) means the built-in one, so a copy of the
 * default playbook (`playbook --print-default > mine.yaml`) keeps its learned keywords.
 */
function keywordTablePath(name: string, playbook: string): string {
  const beside = resolve(dirname(playbook), name);
  if (existsSync(beside) || basename(name) !== name) return beside;
  const builtIn = resolve(dirname(DEFAULT_PLAYBOOK_FILE), name);
  return existsSync(builtIn) ? builtIn : beside;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

/** Where the catch-all is in raw playbook data: the one marked so, else the first with no evidence; -1 → the end. */
function catchAllIndex(intents: Record<string, unknown>[]): number {
  const marked = intents.findIndex((i) => i.catchAll === true);
  // The default playbook marks its catch-all; a hand-built base may not (then its tables are not known yet).
  const at = marked >= 0 ? marked : intents.findIndex((i) => isCatchAll(i as Partial<CatchAllFields>, new Set()));
  return at >= 0 ? at : intents.length;
}

function mergeById<T extends Record<string, unknown>>(base: T[], changes: Record<string, unknown>[], key: string, beforeLast = false): T[] {
  const out = base.map((item) => ({ ...item }));
  for (const change of changes) {
    const at = out.findIndex((item) => item[key] === change[key]);
    if (at >= 0) out[at] = { ...out[at], ...change };
    else if (beforeLast) out.splice(catchAllIndex(out), 0, change as T);
    else out.push(change as T);
  }
  return out;
}

/** The default playbook's data with an extension applied. */
function extend(base: Record<string, unknown>, ext: z.output<typeof ExtensionSchema>): Record<string, unknown> {
  const list = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
  const { extends: _from, actions, handoffRules, intents, ...top } = ext;
  return {
    ...base,
    ...top,
    actions: mergeById(list(base.actions), actions, 'name'),
    handoffRules: mergeById(list(base.handoffRules), handoffRules, 'id'),
    intents: mergeById(list(base.intents), intents, 'id', true),
  };
}

interface CatchAllFields {
  catchAll: boolean;
  patterns: string[];
  keywords: Record<string, number>;
}

/** The catch-all says so, or has neither patterns nor keywords (its own or in the keyword table). */
function isCatchAll(intent: Partial<CatchAllFields> & { id?: string }, tableIntents: ReadonlySet<string>): boolean {
  if (intent.catchAll === true) return true;
  return (intent.patterns ?? []).length === 0 && !hasKeys(intent.keywords ?? {}) && !tableIntents.has(intent.id ?? '');
}

/** Every pattern of raw playbook data: its intents', their hand-off rules' and the global rules'. */
function patternsOf(data: Record<string, unknown>): string[] {
  const list = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
  const rules = (v: unknown) => list(v).flatMap((r) => list(r?.patterns).map(String));
  return [...rules(data.handoffRules), ...list(data.intents).flatMap((i) => [...list(i?.patterns).map(String), ...rules(i?.handoff)])];
}

/** A user playbook's patterns are timed against the regex timeout; `trusted` ones are not. */
interface Probe {
  limits: Limits;
  trusted: ReadonlySet<string>;
}

/** The checks a schema cannot express, reported as issues at the offending field. */
function checkPlaybook(pb: Spec, ctx: Ctx, isCatchAll: (intent: Spec['intents'][number]) => boolean, probe?: Probe): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  // Patterns that pass the static checks, timed together at the end (one worker for all).
  const timed: { path: (string | number)[]; source: string }[] = [];
  const checkPatterns = (patterns: string[], path: (string | number)[]) =>
    checkPatternList(patterns, path, issue, (source, at) => {
      if (probe && !probe.trusted.has(source)) timed.push({ path: at, source });
    });
  const known = new Set<string>([...STANDARD_ACTIONS, ...pb.actions.map((a) => a.name)]);
  const checkAction = (name: string, path: (string | number)[]) => {
    if (name === ESCALATE) issue(path, messages.playbookEscalateInTemplate());
    else if (!known.has(name)) issue(path, messages.playbookUnknownAction(name));
  };
  const checkRules = (rules: HandoffRule[], path: (string | number)[]) => {
    uniqueIds(rules.map((r) => r.id), [...path], 'id', issue);
    rules.forEach((r, i) => checkPatterns(r.patterns, [...path, i, 'patterns']));
  };

  uniqueIds(pb.actions.map((a) => a.name), ['actions'], 'name', issue);
  checkAction(pb.followUpAction, ['followUpAction']);
  checkRules(pb.handoffRules, ['handoffRules']);
  uniqueIds(pb.intents.map((i) => i.id), ['intents'], 'id', issue);
  pb.intents.forEach((intent, i) => {
    checkPatterns(intent.patterns, ['intents', i, 'patterns']);
    for (const keyword of Object.keys(intent.keywords)) {
      const words = keywordWordCount(keyword);
      if (words === 0 || words > MAX_KEYWORD_WORDS) issue(['intents', i, 'keywords', keyword], messages.playbookBadKeyword(words));
    }
    intent.actions.forEach((name, j) => checkAction(name, ['intents', i, 'actions', j]));
    if (intent.followUpAction !== undefined) checkAction(intent.followUpAction, ['intents', i, 'followUpAction']);
    checkRules(intent.handoff, ['intents', i, 'handoff']);
  });
  const catchAlls = pb.intents.flatMap((intent, i) => (isCatchAll(intent) ? [i] : []));
  if (catchAlls.length !== 1) issue(catchAlls.length ? ['intents', catchAlls[1]] : ['intents'], messages.playbookCatchAll(catchAlls.length));
  if (probe && timed.length > 0) {
    const { regexTimeoutMs, maxFieldBytes } = probe.limits;
    const slow = slowPattern(timed.map((t) => ({ source: t.source, flags: patternFlags(t.source) })), regexTimeoutMs, Math.min(PROBE_MAX_CHARS, maxFieldBytes));
    if (slow) issue(timed[slow.index].path, messages.playbookSlowPattern(regexTimeoutMs, slow.chars, LIMIT_OPTIONS.regexTimeoutMs));
  }
}

type Issue = (path: (string | number)[], message: string) => void;

/** Each pattern must compile and must not nest repetition; `passed` gets those that do, with their path. */
function checkPatternList(patterns: string[], path: (string | number)[], issue: Issue, passed: (source: string, path: (string | number)[]) => void): void {
  patterns.forEach((source, j) => {
    try {
      new RegExp(source, 'i');
    } catch (err) {
      // V8 says "Invalid regular expression: /(/i: Unterminated group"; keep the last part.
      const detail = (err as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/\w*: /, '');
      issue([...path, j], messages.playbookBadPattern(detail));
      return;
    }
    if (canBacktrackCatastrophically(source)) issue([...path, j], messages.playbookCatastrophicPattern());
    else passed(source, [...path, j]);
  });
}

/**
 * True for a pattern with a quantified group that itself contains a quantifier, such as `(a+)+`,
 * `(\w*\s?)*` or `(x+y?){2,}`: on text that almost matches, backtracking through such nesting
 * takes exponential time and would hang a worker. Character classes and escapes are skipped.
 */
export function canBacktrackCatastrophically(source: string): boolean {
  const open: { start: number; quantified: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      if (!inClass && /[+*{]/.test(source[i + 1] ?? '') && open.length > 0) open[open.length - 1].quantified = true;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        if (/[+*{]/.test(source[i + 1] ?? '') && open.length > 0) open[open.length - 1].quantified = true;
      }
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') open.push({ start: i, quantified: false });
    else if (c === ')') {
      const group = open.pop();
      const after = source[i + 1] ?? '';
      const repeated = after === '+' || after === '*' || (after === '{' && /^\{\d*,\d*\}/.test(source.slice(i + 1)) && !/^\{\d*\}|\{[01],?[01]?\}/.test(source.slice(i + 1)));
      if (group?.quantified && repeated) return true;
      if (group && open.length > 0 && (group.quantified || repeated)) open[open.length - 1].quantified = true;
    } else if ((c === '+' || c === '*' || c === '{') && open.length > 0 && source[i - 1] !== '(') open[open.length - 1].quantified = true;
  }
  return false;
}

function uniqueIds(ids: string[], path: (string | number)[], key: string, issue: Issue): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) issue([...path, i, key], messages.playbookDuplicateId(id));
    seen.add(id);
  });
}
