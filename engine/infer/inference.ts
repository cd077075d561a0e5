/**
 * What inference decides for one ticket (engine/infer/infer.ts produces it). Plain data: it is
 * computed inside workers and, for `inspect`, printed as is.
 */

export type Resolution = 'ai' | 'handoff';

export interface Inference {
  /** Intent id from the playbook, e.g. `order-status`; `general-question` when nothing matched. */
  intent: string;
  /** Id of the playbook rule that decided the intent (`explicit-actions` for an action log). */
  rule: string;
  /** The words in the ticket that triggered the rule (empty for the catch-all). */
  matched: string[];
  /** With explanations: the winner's keyword score and the intent that came second (see matchIntent). */
  score?: number;
  runnerUp?: { intent: string; score: number };
  /** Actions in order, `Escalate to Human` included where the AI hands off. */
  actions: string[];
  /**
   * Epoch-ms times of the customer's turns (public customer messages; the ticket's creation when
   * the export carries no messages). Conversation windows are cut from these per plan.
   */
  customerTurns: number[];
  /** AI replies the agent would have sent (the unit of flat-rate "interactions"). */
  aiReplies: number;
  resolution: Resolution;
  /** Why the ticket was handed off, or why the AI could close it. */
  reason: string;
}
