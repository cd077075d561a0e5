/**
 * Playbooks: the data that drives action inference (datasets/playbooks/default.yaml documents the
 * format). Loaded and validated once, at the boundary; the result is plain JSON (patterns stay
 * source strings) because it is sent to every worker by structured clone, where
 * compile.ts turns it into RegExps.
 */

import { z } from 'zod';
import { ESCALATE, STANDARD_ACTIONS } from '../actions.js';
import { loadConfigFile, validateConfig } from '../config.js';
import { messages } from '../messages.js';
import { datasetPath } from '../paths.js';

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
  /** The template: actions of an AI-resolved first turn, in order. */
  actions: string[];
  /** Filled at load from the playbook's `followUpAction` when the intent gives none. */
  followUpAction: string;
  /** Probability (0..1) that the AI closes a ticket of this intent alone. */
  automationRate: number;
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
  intents: PlaybookIntent[];
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
  actions: z.array(text).min(1),
  followUpAction: text.optional(),
  automationRate: z.number().min(0).max(1),
  handoff: z.array(HandoffRuleSchema).default([]),
});
const SpecSchema = z.strictObject({
  description: z.string().optional(),
  followUpAction: text.default(DEFAULT_FOLLOW_UP),
  actions: z.array(z.strictObject({ name: text, description: text, lookup: z.boolean().default(false) })).default([]),
  handoffRules: z.array(HandoffRuleSchema).default([]),
  intents: z.array(IntentSchema).min(1),
});
const PlaybookSchema = SpecSchema.superRefine(checkPlaybook);

type Spec = z.output<typeof SpecSchema>;
type Ctx = z.RefinementCtx<Spec>;

/**
 * Loads and validates a playbook file (JSON or YAML); no file loads the built-in one through the
 * same validation. Errors are ReplayErrors naming the file, line and field
 * (`intents[3].patterns[1]`).
 *
 * @example
 * const playbook = loadPlaybook();                 // built-in
 * const mine = loadPlaybook('my-playbook.yaml');   // throws ReplayError('CONFIG') if invalid
 */
export function loadPlaybook(file: string = DEFAULT_PLAYBOOK_FILE): Playbook {
  const spec = validateConfig(PlaybookSchema, loadConfigFile(file));
  return {
    ...spec,
    intents: spec.intents.map((intent) => ({
      ...intent,
      catchAll: isCatchAll(intent),
      followUpAction: intent.followUpAction ?? spec.followUpAction,
    })),
  };
}

function isCatchAll(intent: { catchAll: boolean; patterns: string[] }): boolean {
  return intent.catchAll || intent.patterns.length === 0;
}

/** The checks a schema cannot express, reported as issues at the offending field. */
function checkPlaybook(pb: Spec, ctx: Ctx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const known = new Set<string>([...STANDARD_ACTIONS, ...pb.actions.map((a) => a.name)]);
  const checkAction = (name: string, path: (string | number)[]) => {
    if (name === ESCALATE) issue(path, messages.playbookEscalateInTemplate());
    else if (!known.has(name)) issue(path, messages.playbookUnknownAction(name));
  };
  const checkRules = (rules: HandoffRule[], path: (string | number)[]) => {
    uniqueIds(rules.map((r) => r.id), [...path], 'id', issue);
    rules.forEach((r, i) => checkPatterns(r.patterns, [...path, i, 'patterns'], issue));
  };

  uniqueIds(pb.actions.map((a) => a.name), ['actions'], 'name', issue);
  checkAction(pb.followUpAction, ['followUpAction']);
  checkRules(pb.handoffRules, ['handoffRules']);
  uniqueIds(pb.intents.map((i) => i.id), ['intents'], 'id', issue);
  pb.intents.forEach((intent, i) => {
    checkPatterns(intent.patterns, ['intents', i, 'patterns'], issue);
    intent.actions.forEach((name, j) => checkAction(name, ['intents', i, 'actions', j]));
    if (intent.followUpAction !== undefined) checkAction(intent.followUpAction, ['intents', i, 'followUpAction']);
    checkRules(intent.handoff, ['intents', i, 'handoff']);
  });
  const catchAlls = pb.intents.flatMap((intent, i) => (isCatchAll(intent) ? [i] : []));
  if (catchAlls.length !== 1) issue(catchAlls.length ? ['intents', catchAlls[1]] : ['intents'], messages.playbookCatchAll(catchAlls.length));
}

type Issue = (path: (string | number)[], message: string) => void;

function checkPatterns(patterns: string[], path: (string | number)[], issue: Issue): void {
  patterns.forEach((source, j) => {
    try {
      new RegExp(source, 'i');
    } catch (err) {
      // V8 says "Invalid regular expression: /(/i: Unterminated group"; keep the last part.
      const detail = (err as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/\w*: /, '');
      issue([...path, j], messages.playbookBadPattern(detail));
    }
  });
}

function uniqueIds(ids: string[], path: (string | number)[], key: string, issue: Issue): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) issue([...path, i, key], messages.playbookDuplicateId(id));
    seen.add(id);
  });
}
