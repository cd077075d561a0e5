/**
 * Action inference: load a playbook (plain data, sent to workers), compile it once per worker,
 * infer each ticket.
 */

export { DEFAULT_FOLLOW_UP, DEFAULT_PLAYBOOK_FILE, loadPlaybook } from './playbook.js';
export type { ActionDoc, HandoffRule, Playbook, PlaybookIntent } from './playbook.js';
export { STANDARD_LOOKUPS, compilePlaybook, matchIntent, normalizeText } from './compile.js';
export type { CompiledIntent, CompiledPlaybook, CompiledRule, IntentMatch } from './compile.js';
export { inferTicket } from './infer.js';
export type { Inference, Resolution } from './inference.js';
