import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../engine/infer/compile.js';
import { inferTicket } from '../../../engine/infer/infer.js';
import { loadPlaybook, type HandoffRule, type Playbook, type PlaybookIntent } from '../../../engine/infer/playbook.js';
import { messages } from '../../../engine/messages.js';
import { drawUniform } from '../../../engine/random.js';
import type { Message, Ticket } from '../../../engine/ticket.js';

const builtIn = compilePlaybook(loadPlaybook());
const T0 = Date.UTC(2025, 2, 3, 9, 0);
const HOUR = 3_600_000;

function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    id: 'T-1', createdAt: T0, channel: 'email', subject: '', body: '', tags: [], status: 'solved', priority: 'normal',
    requester: 'c@example.com', group: 'Support', messages: [], events: [], source: { file: 'x.csv', line: 2 }, ...over,
  };
}

const say = (hours: number, text: string, role: Message['role'] = 'customer', isPublic = true): Message =>
  ({ at: T0 + hours * HOUR, role, public: isPublic, text });

function intent(over: Partial<PlaybookIntent> & { id: string }): PlaybookIntent {
  return {
    label: over.id, catchAll: false, patterns: [], keywords: {}, prior: 0, keywordCost: 0, actions: ['Answer Question with Knowledge'],
    followUpAction: 'Answer Question with Knowledge', automationRate: 1, weight: 1, automationRateByChannel: {}, handoff: [], ...over,
  } as PlaybookIntent;
}

/** A small playbook with fixed rates, so outcomes do not hang on the draw. */
function playbook(rate: number, handoffRules: HandoffRule[] = []): Playbook {
  return {
    followUpAction: 'Answer Question with Knowledge',
    actions: [],
    handoffRules,
    channelFactors: {},
    intents: [
      intent({ id: 'orders', patterns: ['\\border'], actions: ['Identify Customer', 'Get Order Details', 'Cancel Order'], automationRate: rate }),
      intent({ id: 'bugs', patterns: ['\\bcrash'], actions: ['Identify Customer', 'Create Case'], followUpAction: 'Add Comment', automationRate: rate }),
      intent({ id: 'other', catchAll: true, automationRate: rate }),
    ],
  };
}
const always = compilePlaybook(playbook(1));
const never = compilePlaybook(playbook(0));

describe('explicit action logs bypass inference (the SPEC seed scenarios)', () => {
  it.each([
    ['Simple Case Management', ['Identify Customer', 'Get Cases', 'Add Comment']],
    ['Field Service Appointment', ['Identify Customer', 'Get Work Types', 'Get Time Slots', 'Get Time Slots', 'Schedule Appointment', 'Answer Question with Knowledge']],
    ['Employee Onboarding Query', ['Answer Question with Knowledge']],
  ])('%s', (subject, actions) => {
    const t = ticket({ subject, body: 'Please cancel my order, I want to speak to a lawyer', priority: 'urgent', actions });
    expect(inferTicket(t, builtIn, 1)).toEqual({
      intent: 'explicit-actions', rule: 'explicit-actions', matched: [], actions, customerTurns: [T0], aiReplies: 1,
      resolution: 'ai', reason: messages.reasonActionLog(),
    });
  });

  it('hands off when the log contains an escalation, and counts the customer turns', () => {
    const actions = ['Identify Customer', 'Get Order Details', 'Escalate to Human'];
    const inf = inferTicket(ticket({ actions, messages: [say(0, 'hi'), say(1, 'ok', 'agent'), say(2, 'and?')] }), always, 1);
    expect(inf).toMatchObject({ actions, resolution: 'handoff', reason: messages.reasonActionLogEscalates(), customerTurns: [T0, T0 + 2 * HOUR], aiReplies: 2 });
  });

  it('copies the log rather than sharing it', () => {
    const actions = ['Answer Question with Knowledge'];
    expect(inferTicket(ticket({ actions }), always, 1).actions).not.toBe(actions);
  });
});

describe('customer turns and follow-ups', () => {
  it('is the creation time when the export has no messages', () => {
    expect(inferTicket(ticket({ body: 'my order' }), always, 1)).toEqual({
      intent: 'orders', rule: 'orders', matched: ['order'], score: 0, runnerUp: { intent: 'other', score: 0 },
      actions: ['Identify Customer', 'Get Order Details', 'Cancel Order'],
      customerTurns: [T0], aiReplies: 1, resolution: 'ai', reason: messages.reasonWithinRate(),
    });
  });

  it('leaves the explanation out when asked to (replay keeps totals only)', () => {
    const quiet = inferTicket(ticket({ body: 'my order' }), always, 1, { explain: false });
    expect(quiet).toMatchObject({ intent: 'orders', matched: [] });
    expect(quiet).not.toHaveProperty('score');
    expect(quiet).not.toHaveProperty('runnerUp');
  });

  it('adds the follow-up action for each customer turn beyond the first', () => {
    const t = ticket({ body: 'cancel my order', messages: [say(0, 'cancel my order'), say(1, 'Done', 'agent'), say(3, 'thanks, and the other one?'), say(30, 'hello?')] });
    const inf = inferTicket(t, always, 1);
    expect(inf.customerTurns).toEqual([T0, T0 + 3 * HOUR, T0 + 30 * HOUR]);
    expect(inf.actions).toEqual(['Identify Customer', 'Get Order Details', 'Cancel Order', 'Answer Question with Knowledge', 'Answer Question with Knowledge']);
    expect(inf.aiReplies).toBe(3);
  });

  it("uses the intent's own follow-up action", () => {
    const t = ticket({ subject: 'App crashes', messages: [say(0, 'it crashes'), say(2, 'here is a screenshot')] });
    expect(inferTicket(t, always, 1).actions).toEqual(['Identify Customer', 'Create Case', 'Add Comment']);
  });

  it('does not count internal notes, agent replies or system messages as turns', () => {
    const t = ticket({
      body: 'order question',
      messages: [say(0, 'order question'), say(1, 'looking', 'agent'), say(2, 'internal: VIP', 'agent', false), say(3, 'private copy', 'customer', false), say(4, 'auto-close', 'system')],
    });
    const inf = inferTicket(t, always, 1);
    expect(inf.customerTurns).toEqual([T0]);
    expect(inf.actions).toHaveLength(3);
  });

  it('puts turns in time order whatever the export order', () => {
    const t = ticket({ messages: [say(5, 'later'), say(0, 'my order'), say(2, 'middle')] });
    expect(inferTicket(t, always, 1).customerTurns).toEqual([T0, T0 + 2 * HOUR, T0 + 5 * HOUR]);
  });

  it('reads the first customer message when the export has no body', () => {
    expect(inferTicket(ticket({ messages: [say(0, 'The app crashes on start')] }), always, 1).intent).toBe('bugs');
  });
});

describe('resolution', () => {
  it('hands off beyond the automation rate, after the template up to its first lookup', () => {
    const inf = inferTicket(ticket({ body: 'my order', messages: [say(0, 'my order'), say(1, 'more')] }), never, 1);
    expect(inf).toMatchObject({
      actions: ['Identify Customer', 'Get Order Details', 'Escalate to Human'], aiReplies: 1,
      resolution: 'handoff', reason: messages.reasonBeyondRate(),
    });
  });

  it('keeps only the first action when the template has no lookup', () => {
    expect(inferTicket(ticket({ body: 'crash' }), never, 1).actions).toEqual(['Identify Customer', 'Escalate to Human']);
  });

  it('follows the seeded draw against the rate', () => {
    const half = compilePlaybook(playbook(0.5));
    const ids = Array.from({ length: 400 }, (_, i) => `Z-${i}`);
    const got = ids.map((id) => inferTicket(ticket({ id, body: 'order' }), half, 7).resolution);
    expect(got).toEqual(ids.map((id) => (drawUniform(7, id, 'resolution') < 0.5 ? 'ai' : 'handoff')));
    const ai = got.filter((r) => r === 'ai').length;
    expect(ai).toBeGreaterThan(160);
    expect(ai).toBeLessThan(240);
  });

  it('applies hand-off rules before the draw: text, priority, or always', () => {
    const pb = compilePlaybook(playbook(1, [
      { id: 'legal', reason: 'legal', patterns: ['\\blawyer'], priorities: [] },
      { id: 'urgent', reason: 'urgent priority', patterns: [], priorities: ['urgent'] },
    ]));
    expect(inferTicket(ticket({ body: 'order late, my LAWYER says' }), pb, 1)).toMatchObject({ intent: 'orders', resolution: 'handoff', reason: 'legal' });
    expect(inferTicket(ticket({ body: 'order late', priority: 'Urgent' }), pb, 1)).toMatchObject({ resolution: 'handoff', reason: 'urgent priority' });
    expect(inferTicket(ticket({ body: 'order late' }), pb, 1).resolution).toBe('ai');
    const pattern = playbook(1);
    pattern.intents[0].handoff = [{ id: 'all', reason: 'orders go to people', patterns: [], priorities: [] }];
    expect(inferTicket(ticket({ body: 'order' }), compilePlaybook(pattern), 1).reason).toBe('orders go to people');
  });

  it('hands off at the later turn where a rule first matches; later turns are the human\'s', () => {
    const pb = compilePlaybook(playbook(1, [{ id: 'human', reason: 'customer asked for a human', patterns: ['real person'], priorities: [] }]));
    const t = ticket({ body: 'cancel order 5', messages: [say(0, 'cancel order 5'), say(1, 'ok?'), say(2, 'I want a real person'), say(3, 'hello??')] });
    expect(inferTicket(t, pb, 1)).toMatchObject({
      actions: ['Identify Customer', 'Get Order Details', 'Cancel Order', 'Answer Question with Knowledge', 'Escalate to Human'],
      customerTurns: [T0, T0 + HOUR, T0 + 2 * HOUR],
      aiReplies: 2, resolution: 'handoff', reason: 'customer asked for a human',
    });
  });
});

describe('the built-in hand-off rules', () => {
  const infer = (over: Partial<Ticket>) => inferTicket(ticket(over), builtIn, 1);
  /** A first-turn hand-off: the inferred intent's template up to its first lookup, then the escalation. */
  const handedOffAtOnce = (inf: ReturnType<typeof infer>) =>
    expect(inf.actions).toEqual([...[...builtIn.intents].find((i) => i.id === inf.intent)!.handoffActions, 'Escalate to Human']);

  it('sends legal threats and security to people, whatever the intent', () => {
    const parcel = infer({ subject: 'Where is my parcel', body: 'If it is not here by Friday my attorney will be in touch.' });
    expect(parcel).toMatchObject({ resolution: 'handoff', reason: 'legal or security' });
    handedOffAtOnce(parcel);
    expect(infer({ body: 'I think my account was hacked, there are orders I did not place' })).toMatchObject({ resolution: 'handoff', reason: 'legal or security' });
  });

  it('hands off complaints', () => {
    expect(infer({ subject: 'Formal complaint', body: 'I want to file a formal complaint about how your staff treated me in the store. Unacceptable.' })).toMatchObject({
      intent: 'complaint-escalation', resolution: 'handoff', reason: 'complaint or escalation',
      actions: ['Identify Customer', 'Get Cases', 'Escalate to Human'],
    });
  });

  it('hands off when the customer asks for a person, at the turn they ask', () => {
    expect(infer({ subject: 'refund', body: 'Can I talk to a human please' })).toMatchObject({ resolution: 'handoff', reason: 'customer asked for a human', aiReplies: 1 });
    const t = { subject: 'Reset password', body: 'forgot my password', messages: [say(0, 'forgot my password'), say(1, 'did not work'), say(2, 'Let me speak to a manager.')] };
    expect(infer(t)).toMatchObject({
      intent: 'password-reset',
      actions: ['Identify Customer', 'Reset Password', 'Answer Question with Knowledge', 'Escalate to Human'], aiReplies: 2, reason: 'customer asked for a human',
    });
  });

  it('hands off urgent tickets and safety concerns', () => {
    const urgent = infer({ body: 'Do you ship to Canada?', priority: 'URGENT' });
    expect(urgent).toMatchObject({ resolution: 'handoff', reason: 'urgent priority' });
    handedOffAtOnce(urgent);
    expect(infer({ body: 'The charger caught fire last night' })).toMatchObject({ resolution: 'handoff', reason: 'safety concern' });
  });

  it('ignores a hand-off phrase the agent wrote, quoted in the reply', () => {
    const t = { body: 'Do you ship to Canada?', messages: [say(0, 'Do you ship to Canada?'), say(1, 'thanks!\n> Reply here or call me on 555-0100 to speak to a real person.')] };
    expect(inferTicket(ticket(t), compilePlaybook(loadPlaybook()), 3).reason).not.toBe('customer asked for a human');
  });
});

describe('determinism', () => {
  const tickets = Array.from({ length: 60 }, (_, i) => ticket({
    id: `D-${i}`, subject: ['Where is my order', 'refund please', 'Do you ship to Canada?', 'app crashes'][i % 4],
    messages: [say(0, 'hello'), ...(i % 3 === 0 ? [say(5, 'any news?')] : [])],
  }));

  it('gives the same result for the same seed and id, whatever the call order or playbook instance', () => {
    const forward = tickets.map((t) => inferTicket(t, builtIn, 42));
    const other = compilePlaybook(loadPlaybook());
    const backward = [...tickets].reverse().map((t) => inferTicket(t, other, 42)).reverse();
    expect(backward).toEqual(forward);
    expect(tickets.map((t) => inferTicket(t, builtIn, 42))).toEqual(forward);
  });

  it('depends on the seed only through the draw', () => {
    const a = tickets.map((t) => inferTicket(t, builtIn, 1));
    const b = tickets.map((t) => inferTicket(t, builtIn, 2));
    expect(b.map((x) => x.intent)).toEqual(a.map((x) => x.intent));
    expect(b.map((x) => x.resolution)).not.toEqual(a.map((x) => x.resolution));
  });
});

describe('exports without messages fall back to their activity counts', () => {
  const pb = compilePlaybook(loadPlaybook());
  const base = { subject: 'How do I export my data?', body: 'Looking for the export button', messages: [], priority: 'normal' };

  it('adds a follow-up per counted customer reply, in the same conversation', () => {
    const t = ticket({ ...base, id: 'act-1', activity: { customerReplies: 2 } });
    const inf = inferTicket(t, pb, 1);
    expect(inf.customerTurns).toEqual([t.createdAt, t.createdAt, t.createdAt]);
    if (inf.resolution === 'ai') expect(inf.aiReplies).toBe(3);
  });

  it('opens a later turn for each reopen, at the last update', () => {
    const updatedAt = Date.UTC(2025, 5, 20);
    const t = ticket({ ...base, id: 'act-2', activity: { reopens: 1 }, updatedAt });
    expect(inferTicket(t, pb, 1).customerTurns).toEqual([t.createdAt, updatedAt]);
  });

  it('without counts, the ticket is one turn, never invented messages', () => {
    const t = ticket({ ...base, id: 'act-3' });
    expect(inferTicket(t, pb, 1).customerTurns).toEqual([t.createdAt]);
    expect(t.messages).toEqual([]);
  });
});
