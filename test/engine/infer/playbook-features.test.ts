import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../engine/infer/compile.js';
import { inferTicket } from '../../../engine/infer/infer.js';
import { canBacktrackCatastrophically, loadPlaybook, playbookJsonSchema } from '../../../engine/infer/playbook.js';
import type { Ticket } from '../../../engine/ticket.js';

const ticket = (over: Partial<Ticket>): Ticket => ({
  id: 'pf-1', createdAt: Date.UTC(2025, 0, 6), channel: 'email', subject: '', body: '', tags: [], status: 'open', priority: 'normal',
  requester: 'c@example.com', group: '', messages: [], events: [], source: { file: 'x', line: 1 }, ...over,
});

describe('a playbook that extends the default', () => {
  const pb = loadPlaybook('test/fixtures/playbooks/extends.yaml');

  it('keeps the built-in intents, changes what it names and adds new intents before the catch-all', () => {
    const base = loadPlaybook();
    expect(pb.intents.map((i) => i.id)).toEqual([...base.intents.slice(0, -1).map((i) => i.id), 'loyalty-points', 'general-question']);
    const orders = pb.intents.find((i) => i.id === 'order-status')!;
    expect(orders.automationRate).toBe(0.95);
    expect(orders.actions).toEqual(base.intents.find((i) => i.id === 'order-status')!.actions);
    expect(inferTicket(ticket({ body: 'How many loyalty points do I have?' }), compilePlaybook(pb), 1).intent).toBe('loyalty-points');
  });

  it('sets automation per intent and channel, and scales a channel', () => {
    const intent = compilePlaybook(pb).intents.find((i) => i.id === 'order-status')!;
    expect(intent.rateByChannel.chat).toBe(1);
    expect(intent.rateByChannel.email).toBe(0.95);
    expect(intent.rateByChannel.phone).toBeCloseTo(0.475);
  });
});

describe('patterns that can backtrack catastrophically are refused', () => {
  it.each(['(a+)+', '^(\\w+\\s?)*$', '(x+y?){2,}', '((ab)*)+', '([a-z]+)*'])('%s', (p) => {
    expect(canBacktrackCatastrophically(p)).toBe(true);
  });
  it.each(['\\b(refund|reimburs)\\w*', '\\bwhere(.?s| is)? (my|our) order', '(ab)+', 'a+b+', '\\d{4,}', '(\\$|usd ?)\\s?\\d+'])('accepts %s', (p) => {
    expect(canBacktrackCatastrophically(p)).toBe(false);
  });
  it('names the file, line and field', () => {
    expect(() => loadPlaybook('test/fixtures/playbooks/catastrophic.yaml')).toThrow(/catastrophic\.yaml, line 4, field "intents\[0\]\.patterns\[0\]": this pattern repeats a group/);
  });
});

describe('structural signals', () => {
  const pb = compilePlaybook(loadPlaybook());
  it('a field change is an Update Record; a reopen repeats the first lookup', () => {
    const t = ticket({
      id: 'pf-struct', subject: 'Where is my order?', body: 'Order 5521 has not arrived',
      events: [
        { at: 1, field: 'priority', from: 'normal', to: 'high' },
        { at: 2, field: 'status', to: 'solved' },
        { at: 3, field: 'status', to: 'open' },
      ],
    });
    const inf = inferTicket(t, pb, 1);
    if (inf.resolution === 'ai') {
      expect(inf.actions).toEqual(['Identify Customer', 'Get Order Details', 'Answer Question with Knowledge', 'Update Record', 'Get Order Details']);
    } else expect(inf.actions.at(-1)).toBe('Escalate to Human');
  });
});

describe('datasets/playbooks/playbook.schema.json', () => {
  it('is the JSON Schema the loader validates with (regenerate it when the schema changes)', () => {
    expect(JSON.parse(readFileSync('datasets/playbooks/playbook.schema.json', 'utf8'))).toEqual(playbookJsonSchema());
  });
});
