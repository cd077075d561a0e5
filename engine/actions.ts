/**
 * The action vocabulary (SPEC "Actions"), named after Salesforce Agentforce's standard actions.
 * An action is one step an AI agent performs and a vendor meters.
 */

export const ESCALATE = 'Escalate to Human';

/** Actions the built-in playbook must be able to emit, with exactly these names. */
export const STANDARD_ACTIONS = [
  'Identify Customer',
  'Get Cases',
  'Create Case',
  'Add Comment',
  'Update Record',
  'Answer Question with Knowledge',
  'Get Order Details',
  'Cancel Order',
  'Issue Refund',
  'Get Work Types',
  'Get Time Slots',
  'Schedule Appointment',
  'Reset Password',
  ESCALATE,
] as const;

/**
 * Utilities that Flex Credits never meter: escalation to a human, setting variables, moving to
 * another topic (Salesforce help, "Flex Credits consumption", research/pricing.md §1.2 [S2]).
 */
export const UNMETERED_ACTIONS: ReadonlySet<string> = new Set([ESCALATE, 'Set Variable', 'Switch Topic']);

export function isMetered(action: string): boolean {
  return !UNMETERED_ACTIONS.has(action);
}
