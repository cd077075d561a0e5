import { describe, expect, it } from 'vitest';
import { compilePlaybook, matchIntent, normalizeText } from '../../../engine/infer/compile.js';
import { loadPlaybook, type Playbook, type PlaybookIntent } from '../../../engine/infer/playbook.js';

function intent(over: Partial<PlaybookIntent> & { id: string }): PlaybookIntent {
  return {
    label: over.id, catchAll: false, patterns: [], keywords: {}, prior: 0, keywordCost: 0, actions: ['Answer Question with Knowledge'],
    followUpAction: 'Answer Question with Knowledge', automationRate: 1, weight: 1, automationRateByChannel: {}, handoff: [], ...over,
  } as PlaybookIntent;
}

function playbook(intents: PlaybookIntent[], actions: Playbook['actions'] = []): Playbook {
  return { followUpAction: 'Answer Question with Knowledge', actions, handoffRules: [], channelFactors: {}, intents: [...intents, intent({ id: 'other', catchAll: true })] };
}

describe('compilePlaybook', () => {
  it('hands off after the first lookup of the built-in templates', () => {
    const pb = compilePlaybook(loadPlaybook());
    const prefix = Object.fromEntries([...pb.intents, pb.catchAll].map((i) => [i.id, i.handoffActions]));
    expect(prefix['order-status']).toEqual(['Identify Customer', 'Get Order Details']);
    expect(prefix['book-appointment']).toEqual(['Identify Customer', 'Get Work Types']);
    expect(prefix['complaint-escalation']).toEqual(['Identify Customer', 'Get Cases']);
    expect(prefix['password-reset']).toEqual(['Identify Customer']);
    expect(prefix['account-update']).toEqual(['Identify Customer']);
    expect(prefix['general-question']).toEqual(['Answer Question with Knowledge']);
  });

  it('takes lookups from the playbook\'s "actions", standard ones by default', () => {
    const intents = [intent({ id: 'a', patterns: ['x'], actions: ['Identify Customer', 'Check Stock', 'Get Cases', 'Add Comment'] })];
    expect(compilePlaybook(playbook(intents)).intents[0].handoffActions).toEqual(['Identify Customer', 'Check Stock', 'Get Cases']);
    const declared = [{ name: 'Check Stock', description: 'Reads stock levels.', lookup: true }];
    expect(compilePlaybook(playbook(intents, declared)).intents[0].handoffActions).toEqual(['Identify Customer', 'Check Stock']);
    const notLookup = [{ name: 'Get Cases', description: 'Reads cases.', lookup: false }];
    expect(compilePlaybook(playbook(intents, notLookup)).intents[0].handoffActions).toEqual(['Identify Customer']);
  });

  it('keeps every intent in playbook order and finds the catch-all', () => {
    const pb = compilePlaybook(playbook([intent({ id: 'a', patterns: ['x'] })]));
    expect(pb.intents.map((i) => i.id)).toEqual(['a', 'other']);
    expect(pb.catchAll.id).toBe('other');
  });
});

describe('matchIntent', () => {
  const pb = compilePlaybook(playbook([
    intent({ id: 'first', patterns: ['\\bcancel\\b'] }),
    intent({ id: 'second', patterns: ['\\border\\b', '\\bparcel\\b', 'package', 'shipment', 'delivery', 'tracking', 'late'] }),
    intent({ id: 'echo', patterns: ['\\b(\\w+) \\1\\b', 'zzz'] }),
    intent({ id: 'named', patterns: ['(?<n>qq)x', '(?<n>qq)y'] }),
  ]));

  it('takes the first intent in playbook order, not the first word in the text', () => {
    expect(matchIntent(pb, 'my order: please cancel it').intent.id).toBe('first');
  });

  it('records the matched words, deduplicated and at most five', () => {
    expect(matchIntent(pb, 'order order parcel package shipment delivery tracking late')).toMatchObject({
      rule: 'second', matched: ['order', 'parcel', 'package', 'shipment', 'delivery'],
    });
  });

  it('falls back to the catch-all with no words', () => {
    expect(matchIntent(pb, 'hello there')).toEqual({ intent: pb.catchAll, rule: 'catch-all', matched: [], score: 0, patterns: 0 });
  });

  it('counts the matching patterns', () => {
    expect(matchIntent(pb, 'late parcel').patterns).toBe(2);
  });

  it('keeps a pattern with a backreference working', () => {
    expect(matchIntent(pb, 'the the')).toMatchObject({ rule: 'echo', matched: ['the the'] });
  });

  it('keeps patterns that reuse a group name working', () => {
    expect(matchIntent(pb, 'a qqy')).toMatchObject({ rule: 'named', matched: ['qqy'] });
  });

  it('has no state between calls', () => {
    const first = matchIntent(pb, 'where is my order');
    expect(matchIntent(pb, 'where is my order')).toEqual(first);
  });
});

describe('matchIntent with keywords', () => {
  const pb = compilePlaybook(playbook([
    intent({ id: 'refund', keywords: { refund: 2, 'money back': 1.5, return: -1 } }),
    intent({ id: 'return', keywords: { return: 2, label: 1 } }),
    intent({ id: 'picky', keywords: { maybe: 1 }, prior: -2 }),
    intent({ id: 'loud', patterns: ['!!'], keywords: { 'return label': 1 }, weight: 2 }),
  ]));

  it('picks the highest sum of keyword weights, negatives counting against', () => {
    expect(matchIntent(pb, 'i want a refund')).toMatchObject({ rule: 'refund', score: 2, matched: ['refund'] });
    expect(matchIntent(pb, 'refund after my return?')).toMatchObject({ rule: 'return', score: 2 });
  });

  it('lists the winner\'s keywords found, strongest first', () => {
    expect(matchIntent(pb, 'money back please, a refund').matched).toEqual(['refund', 'money back']);
  });

  it('adds the prior, so an intent can need more evidence than one keyword', () => {
    expect(matchIntent(pb, 'maybe').intent.id).toBe('other');
  });

  it('multiplies keywords and patterns by the intent\'s weight', () => {
    expect(matchIntent(pb, 'return label!!')).toMatchObject({ rule: 'loud', score: 2, patterns: 2, matched: ['return label', '!!'] });
  });

  it('ranks pattern matches before keywords: a rule beats any amount of evidence', () => {
    expect(matchIntent(pb, 'refund refund money back, i want a refund!!')).toMatchObject({ rule: 'loud', patterns: 2 });
  });

  it('lets a catch-all with keywords win on them, and ties go to the earlier intent', () => {
    const withCatchAll = compilePlaybook({
      ...playbook([intent({ id: 'a', keywords: { hours: 1 } }), intent({ id: 'b', keywords: { hours: 1 } })]),
      intents: [
        intent({ id: 'a', keywords: { hours: 1 } }),
        intent({ id: 'b', keywords: { hours: 1, open: 1 } }),
        intent({ id: 'general', catchAll: true, keywords: { thanks: 1 } }),
      ],
    });
    expect(matchIntent(withCatchAll, 'opening hours?').rule).toBe('b');
    expect(matchIntent(withCatchAll, 'hours?').rule).toBe('a');
    expect(matchIntent(withCatchAll, 'thanks!')).toMatchObject({ rule: 'general', matched: ['thanks'] });
    expect(matchIntent(withCatchAll, 'hmm')).toMatchObject({ rule: 'catch-all', matched: [] });
  });
});

describe('normalizeText', () => {
  it('lower-cases and makes typographic apostrophes plain', () => {
    expect(normalizeText('I CAN’T Log In')).toBe("i can't log in");
  });

  it('drops a quoted reply and what follows "On ... wrote:"', () => {
    expect(normalizeText('Still broken.\n\nOn Mon, 3 Mar 2025, Support <s@x.com> wrote:\n> Try resetting')).toBe('still broken.');
    expect(normalizeText('Still broken.\nOn Mon, 3 Mar 2025 at 10:02, Acme Support\n<s@x.com> wrote:\nTry resetting')).toBe('still broken.');
    expect(normalizeText('yes\n> did that help?\nno')).toBe('yes\nno');
  });

  it("drops Outlook's original message and a signature", () => {
    expect(normalizeText('See below\n-----Original Message-----\nFrom: a')).toBe('see below');
    expect(normalizeText('See below\n\nFrom: Support\nSent: Monday\nrefund done')).toBe('see below');
    expect(normalizeText('Thanks\n-- \nJane, Account Manager')).toBe('thanks');
  });

  it('keeps text that is nothing but a quote', () => {
    expect(normalizeText('> where is my order')).toBe('> where is my order');
    expect(normalizeText('On Monday you wrote: hi')).toBe('on monday you wrote: hi');
  });
});
