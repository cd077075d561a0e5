import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STANDARD_ACTIONS } from '../../../engine/actions.js';
import { ReplayError } from '../../../engine/errors.js';
import { compilePlaybook, matchIntent } from '../../../engine/infer/compile.js';
import { DEFAULT_PLAYBOOK_FILE, loadPlaybook } from '../../../engine/infer/playbook.js';
import { messages } from '../../../engine/messages.js';
import { packageRoot } from '../../../engine/paths.js';

const fixture = (name: string) => join('test/fixtures/playbooks', name);

function errorOf(file: string): ReplayError {
  try {
    loadPlaybook(file);
  } catch (err) {
    if (err instanceof ReplayError) return err;
    throw err;
  }
  throw new Error(`${file} loaded without error`);
}

/** The error a playbook file must give: code, file, line, field and the whole sentence. */
function expectError(name: string, line: number, field: string, detail: string): void {
  const file = fixture(name);
  const err = errorOf(file);
  expect({ code: err.code, file: err.file, line: err.line, field: err.field }).toEqual({ code: 'CONFIG', file, line, field });
  expect(err.message).toBe(messages.configInvalid(file, `line ${line}, field "${field}"`, detail));
}

describe('the built-in playbook', () => {
  const pb = loadPlaybook();

  it('lives in datasets/playbooks/ under the package root', () => {
    expect(DEFAULT_PLAYBOOK_FILE).toBe(join(packageRoot(), 'datasets', 'playbooks', 'default.yaml'));
  });

  it('has the intents, specific before general, the catch-all last', () => {
    expect(pb.intents.map((i) => i.id)).toEqual([
      'complaint-escalation', 'billing-dispute', 'password-reset', 'login-problem', 'payment-failed', 'subscription-cancel',
      'plan-change', 'cancel-appointment', 'reschedule-appointment', 'warranty-repair', 'book-appointment', 'leave-request',
      'payroll', 'benefits', 'onboarding', 'equipment-request', 'cancel-order', 'account-update', 'address-change', 'wrong-item',
      'missing-item', 'damaged-item', 'return-request', 'exchange-request', 'refund-request', 'billing-invoice', 'order-status',
      'outage-report', 'bug-report', 'integration', 'feature-request', 'how-to', 'product-question', 'general-question',
    ]);
    expect(pb.intents.filter((i) => i.catchAll).map((i) => i.id)).toEqual(['general-question']);
  });

  it('documents every standard action, and every action it emits', () => {
    const documented = pb.actions.map((a) => a.name);
    expect(documented).toEqual([...STANDARD_ACTIONS]);
    const used = pb.intents.flatMap((i) => [...i.actions, i.followUpAction]);
    for (const name of used) expect(documented).toContain(name);
    for (const a of pb.actions) expect(a.description.length).toBeGreaterThan(10);
  });

  it('pins the templates the SPEC names', () => {
    const actions = (id: string) => pb.intents.find((i) => i.id === id)?.actions;
    expect(actions('order-status')).toEqual(['Identify Customer', 'Get Order Details', 'Answer Question with Knowledge']);
    expect(actions('refund-request')).toEqual(['Identify Customer', 'Get Order Details', 'Issue Refund', 'Add Comment']);
    expect(actions('book-appointment')).toEqual(['Identify Customer', 'Get Work Types', 'Get Time Slots', 'Schedule Appointment']);
    expect(actions('password-reset')).toEqual(['Identify Customer', 'Reset Password']);
    expect(actions('general-question')).toEqual(['Answer Question with Knowledge']);
  });

  it('fills follow-up actions from the playbook default', () => {
    const followUp = (id: string) => pb.intents.find((i) => i.id === id)?.followUpAction;
    expect(followUp('order-status')).toBe('Answer Question with Knowledge');
    expect(followUp('bug-report')).toBe('Add Comment');
  });

  it('is plain data that survives structured clone and JSON (it is sent to workers)', () => {
    expect(structuredClone(pb)).toEqual(pb);
    expect(JSON.parse(JSON.stringify(pb))).toEqual(pb);
  });
});

describe('loadPlaybook(file)', () => {
  it('accepts actions declared under "actions" and fills defaults', () => {
    const pb = loadPlaybook(fixture('minimal.yaml'));
    expect(pb.followUpAction).toBe('Answer Question with Knowledge');
    expect(pb.handoffRules).toEqual([]);
    expect(pb.intents[0]).toEqual({
      id: 'discount', label: 'Discount codes', catchAll: false, patterns: ['\\bcoupon', 'promo code'], keywords: {}, prior: 0, keywordCost: 0,
      actions: ['Identify Customer', 'Send Coupon'], followUpAction: 'Answer Question with Knowledge', automationRate: 1, weight: 1,
      automationRateByChannel: {}, handoff: [],
    });
    expect(pb.intents[1].catchAll).toBe(true);
  });

  it('names the file, line and field of a pattern that does not compile', () => {
    expectError('bad-regex.yaml', 11, 'intents[1].patterns[1]', messages.playbookBadPattern('Unterminated group'));
    expectError('bad-handoff-regex.yaml', 4, 'handoffRules[0].patterns[0]', messages.playbookBadPattern('Unterminated character class'));
  });

  it('rejects an action that is neither standard nor declared', () => {
    expectError('unknown-action.yaml', 5, 'intents[0].actions[2]', messages.playbookUnknownAction('Send Coupon'));
  });

  it('rejects Escalate to Human in a template: inference adds it', () => {
    expectError('escalate-in-template.yaml', 4, 'intents[0].actions[1]', messages.playbookEscalateInTemplate());
  });

  it('rejects a duplicate intent id', () => {
    expectError('duplicate-id.yaml', 12, 'intents[2].id', messages.playbookDuplicateId('orders'));
  });

  it('needs exactly one catch-all', () => {
    expectError('no-catch-all.yaml', 2, 'intents', messages.playbookCatchAll(0));
    expectError('two-catch-alls.yaml', 6, 'intents[1]', messages.playbookCatchAll(2));
  });

  it('reports schema errors at the field: a rate above 1, a misspelt key', () => {
    const rate = errorOf(fixture('bad-rate.yaml'));
    expect({ line: rate.line, field: rate.field }).toEqual({ line: 5, field: 'intents[0].automationRate' });
    const typo = errorOf(fixture('typo-key.yaml'));
    expect({ line: typo.line, field: typo.field }).toEqual({ line: 2, field: 'intents[0]' });
    expect(typo.message).toContain('"pattern"');
  });

  it('says so when the file does not exist', () => {
    const err = errorOf(fixture('nope.yaml'));
    expect(err.message).toBe(messages.fileNotFound(fixture('nope.yaml')));
  });
});

describe('keyword tables (keywordsFile)', () => {
  it('loads the table beside the playbook; keywords written in the playbook override its weights', () => {
    const pb = loadPlaybook(fixture('keywords.yaml'));
    expect(pb.keywordTable).toEqual({ intent: ['refund', 'refund', 'other'], keyword: ['refund', 'money back', 'opening hours'], weight: [2.5, 1, 2] });
    expect(pb.intents.map((i) => i.keywords)).toEqual([{ 'money back': 3 }, {}]);
    expect(pb.intents[1].catchAll).toBe(true);
    const compiled = compilePlaybook(pb);
    expect(matchIntent(compiled, 'i want my money back')).toMatchObject({ rule: 'refund', score: 3 });
    expect(matchIntent(compiled, 'refunds?')).toMatchObject({ rule: 'refund', score: 2.5 });
    expect(matchIntent(compiled, 'opening hours')).toMatchObject({ rule: 'other', score: 2 });
  });

  it('names the table, the line and the column of a bad line', () => {
    const table = (name: string) => join('test/fixtures/playbooks/tables', name);
    const cases: [string, number, string, string][] = [
      ['unknown-intent', 3, 'intent', messages.keywordTableIntent('refnud')],
      ['bad-weight', 3, 'weight', messages.keywordTableWeight('lots', 20)],
      ['duplicate', 3, 'keyword', messages.keywordTableDuplicate('refund', 'refund')],
      ['no-header', 1, 'header', messages.keywordTableHeader()],
    ];
    for (const [name, line, field, detail] of cases) {
      const err = errorOf(fixture(`keywords-${name}.yaml`));
      expect({ code: err.code, line: err.line, field: err.field }).toEqual({ code: 'CONFIG', line, field });
      expect(err.message).toBe(messages.configInvalid(join(process.cwd(), table(`${name}.tsv`)), `line ${line}, field "${field}"`, detail));
    }
  });

  it('refuses a keyword of more than three words, or of none', () => {
    const err = errorOf(fixture('keywords-long.yaml'));
    expect(err.message).toContain(messages.playbookBadKeyword(4));
    expect(err.field).toBe('intents[0].keywords.i want my money');
  });
});

describe('a copy of the default playbook', () => {
  it('keeps the built-in keyword table when saved elsewhere', () => {
    const dir = mkdtempSync(join(tmpdir(), 'playbook-'));
    const copy = join(dir, 'mine.yaml');
    writeFileSync(copy, readFileSync(DEFAULT_PLAYBOOK_FILE, 'utf8'));
    const mine = loadPlaybook(copy);
    const builtIn = loadPlaybook();
    expect(mine.keywordTable).toEqual(builtIn.keywordTable);
    expect(builtIn.keywordTable!.keyword.length).toBeGreaterThan(10_000);
    rmSync(dir, { recursive: true });
  });
});
