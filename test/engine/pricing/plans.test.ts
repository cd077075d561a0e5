import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseConfigText } from '../../../engine/config.js';
import { ReplayError } from '../../../engine/errors.js';
import { messages } from '../../../engine/messages.js';
import { getModel, modelNames } from '../../../engine/pricing/index.js';
import { CATALOGUE_FILE, loadPlans, normalizePlans, plansJsonSchema } from '../../../engine/pricing/plans.js';

const fixture = (name: string) => `test/fixtures/plans/${name}`;

/** The ReplayError loadPlans throws for a fixture. */
function failure(name: string): ReplayError {
  try {
    loadPlans(fixture(name));
  } catch (err) {
    expect(err).toBeInstanceOf(ReplayError);
    return err as ReplayError;
  }
  throw new Error(`${name} loaded without error`);
}

describe('loadPlans: valid files', () => {
  it('validates each plan with its model and fills the defaults', () => {
    const [flex, conv, flat] = loadPlans(fixture('valid.yaml'));
    expect(flex).toMatchObject({ id: 'flex', model: 'flex-credits', billing: 'packs', termMonths: 12 });
    expect(conv).toEqual({ id: 'conversations', name: 'Conversations', model: 'per-conversation', usdPerConversation: 2, windowHours: 24, window: 'from-start' });
    expect(flat).toMatchObject({ tier: 'Small', overage: { usdPerInteraction: 0.3 } });
    expect((flat.tiers as { name: string }[]).map((t) => t.name)).toEqual(['Small', 'Large']);
  });

  it('accepts a bare list of plans, still naming fields plans[i]', () => {
    const err = failure('bare-list.json');
    expect(err.message).toContain(`${fixture('bare-list.json')}, line 12, field "plans[1].usdPerConversation"`);
    expect(err).toMatchObject({ code: 'CONFIG', line: 12, field: 'plans[1].usdPerConversation' });
    const text = '[{"id": "c", "name": "C", "model": "per-conversation", "usdPerConversation": 2}]';
    expect(normalizePlans(parseConfigText(text, 'inline.json'))).toHaveLength(1);
  });
});

describe('loadPlans: errors name the file, the line and the field', () => {
  it('a value of the wrong type', () => {
    const err = failure('bad-type.yaml');
    expect(err.message).toContain(`${fixture('bad-type.yaml')}, line 7, field "plans[0].pack.usd": `);
    expect(err.message).toContain('expected number');
    expect(err).toMatchObject({ file: fixture('bad-type.yaml'), line: 7, field: 'plans[0].pack.usd' });
  });

  it('a negative price', () => {
    const err = failure('negative-price.json');
    expect(err).toMatchObject({ line: 7, field: 'plans[0].usdPerConversation' });
    expect(err.message).toContain('>=0');
  });

  it('an unknown model, listing the known ones', () => {
    const err = failure('unknown-model.yaml');
    expect(err.message).toBe(
      messages.configInvalid(fixture('unknown-model.yaml'), 'line 4, field "plans[0].model"', messages.unknownModel('per-outcome', modelNames())),
    );
    expect(err.message).toContain('flex-credits, per-conversation, flat-rate');
  });

  it('a duplicate id, at the second plan', () => {
    const err = failure('duplicate-id.yaml');
    expect(err.message).toBe(
      messages.configInvalid(fixture('duplicate-id.yaml'), 'line 6, field "plans[1].id"', messages.duplicatePlanId('conversations')),
    );
  });

  it('a file that is not a list of plans', () => {
    const err = failure('not-a-list.yaml');
    expect(err.message).toBe(messages.configInvalid(fixture('not-a-list.yaml'), 'line 1', messages.plansShape()));
  });

  it('an empty list of plans', () => {
    expect(() => normalizePlans(parseConfigText('plans: []\n', 'empty.yaml'))).toThrow(/empty\.yaml, line 1, field "plans"/);
  });

  it('an unknown field (a typo is not silently ignored)', () => {
    const err = failure('unknown-field.yaml');
    expect(err).toMatchObject({ field: 'plans[0]' });
    expect(err.message).toContain('windowHour');
  });

  it('a model-specific rule: a flat-rate tier that does not exist', () => {
    const err = failure('bad-tier.yaml');
    expect(err.message).toBe(
      messages.configInvalid(fixture('bad-tier.yaml'), 'line 7, field "plans[0].tier"', messages.unknownTier('Gold', ['Small'])),
    );
  });

  it('a missing file', () => {
    expect(() => loadPlans('no/such/plans.yaml')).toThrow(messages.fileNotFound('no/such/plans.yaml'));
  });
});

describe('the built-in catalogue', () => {
  const plans = loadPlans();

  it('loads from datasets/plans/catalogue.yaml', () => {
    expect(CATALOGUE_FILE.replace(/\\/g, '/')).toMatch(/\/datasets\/plans\/catalogue\.yaml$/);
    expect(plans.map((p) => p.id)).toEqual([
      'salesforce-flex-metered', 'salesforce-flex-packs', 'salesforce-conversations', 'flat-tiers-illustrative',
      'salesforce-addon-per-user', 'intercom-fin', 'zendesk-ar-committed', 'zendesk-ar-payg', 'eesel-per-ticket',
    ]);
    // Every model of the contract, and the per-ticket model the project adds, is in the catalogue.
    expect(new Set(plans.map((p) => p.model))).toEqual(new Set(['flex-credits', 'per-conversation', 'flat-rate', 'per-resolution', 'per-user', 'per-ticket']));
  });

  it('gives every plan a source URL, an as-of date and its flags', () => {
    for (const plan of plans) {
      expect(plan.source, plan.id).toMatch(/^https:\/\//);
      expect(plan.asOf, plan.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Array.isArray(plan.flags), plan.id).toBe(true);
    }
    const flags = Object.fromEntries(plans.map((p) => [p.id, p.flags]));
    expect(flags['salesforce-flex-metered']).toContain('sandbox-rate-secondary');
    expect(flags['salesforce-flex-packs']).toContain('free-credits-disputed');
    expect(flags['flat-tiers-illustrative']).toEqual(expect.arrayContaining(['illustrative', 'user-input-required']));
    // Figures the vendor does not publish (head counts) are flagged as the user's to give.
    for (const id of ['salesforce-addon-per-user', 'zendesk-ar-committed', 'zendesk-ar-payg']) expect(flags[id], id).toContain('user-input-required');
    expect(flags['zendesk-ar-committed']).toContain('secondary-figure');
    expect(flags['eesel-per-ticket']).toContain('undated-source');
  });

  it('holds the catalogue prices of the issue: $125 a seat, $0.99, $1.50 / $2.00, $0.40 with a $250 cap', () => {
    const byId = Object.fromEntries(plans.map((p) => [p.id, p as Record<string, unknown>]));
    expect(byId['salesforce-addon-per-user']).toMatchObject({ usdPerUserPerMonth: 125, metered: { pack: { credits: 100_000, usd: 500 } } });
    expect(byId['intercom-fin']).toMatchObject({ usdPerResolution: 0.99 });
    expect(byId['zendesk-ar-committed']).toMatchObject({ usdPerResolution: 2, commitment: { usdPerResolution: 1.5 }, includedPerAgentPerMonth: 5 });
    expect(byId['zendesk-ar-payg']).toMatchObject({ usdPerResolution: 2 });
    expect(byId['eesel-per-ticket']).toMatchObject({ usdPerTicket: 0.4, spendCapUsdPerMonth: 250 });
    expect(byId['salesforce-conversations']).toMatchObject({ usdPerConversation: 2 });
  });

  it('holds the seed figures: 60 credits = $0.30, 16 credits an action in a sandbox', () => {
    const flex = plans[0];
    const model = getModel(flex.model);
    const actions = ['Identify Customer', 'Get Cases', 'Add Comment'];
    const input = { channel: 'chat' as const, actions, customerTurns: [0], aiReplies: 1, resolution: 'ai' as const };
    const units = model.meter(input, flex, { environment: 'production' });
    expect(units).toEqual({ actions: 3, credits: 60 });
    expect(model.ticketMicros(units, flex, { environment: 'production' })).toBe(300_000);
    expect(model.meter(input, flex, { environment: 'sandbox' })).toEqual({ actions: 3, credits: 48 });
  });

  it('is plain data: it survives structured clone and JSON unchanged', () => {
    expect(structuredClone(plans)).toEqual(plans);
    expect(JSON.parse(JSON.stringify(plans))).toEqual(plans);
  });
});

describe('datasets/plans/plans.schema.json', () => {
  const schema = JSON.parse(readFileSync('datasets/plans/plans.schema.json', 'utf8'));

  it('is the JSON Schema of the plan models (regenerate it when a model changes)', () => {
    expect(schema).toEqual(plansJsonSchema());
  });

  it('accepts the built-in catalogue and refuses what loadPlans refuses', () => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(parseYaml(readFileSync(CATALOGUE_FILE, 'utf8')))).toBe(true);
    expect(validate({ plans: [{ id: 'x', name: 'X', model: 'per-ticket', usdPerTicket: -1 }] })).toBe(false);
    expect(validate({ plans: [{ id: 'x', name: 'X', model: 'per-user', usdPerUserPerMonth: 125 }] })).toBe(false);
    expect(validate([{ id: 'x', name: 'X', model: 'per-resolution', usdPerResolution: 0.99, includedPerMonth: 50 }])).toBe(true);
  });
});
