import { describe, expect, it } from 'vitest';
import { compilePlaybook } from '../../../engine/infer/compile.js';
import { inferTicket } from '../../../engine/infer/infer.js';
import { loadPlaybook } from '../../../engine/infer/playbook.js';
import type { Ticket } from '../../../engine/ticket.js';

const pb = compilePlaybook(loadPlaybook());

function ticket(subject: string, body: string, tags: string[] = []): Ticket {
  return {
    id: 't1', createdAt: Date.UTC(2025, 2, 1), channel: 'email', subject, body, tags, status: 'solved',
    priority: 'normal', requester: 'c@example.com', group: 'Support', messages: [], events: [],
    source: { file: 'x.csv', line: 2 },
  };
}

// How customers really write: typos, no apostrophes, signatures, quoted replies, all caps.
const CASES: [intent: string, subject: string, body: string][] = [
  ['order-status', 'Where is my package??', 'Ordered on the 3rd and still nothing.\n\nThanks, Dana\nSent from my iPhone'],
  ['order-status', 'order #48213', 'Hi, my parcel hasnt arrived yet and its been 2 weeks. Can you check?'],
  ['order-status', '', 'The tracking number you sent doesnt work on the UPS site'],
  ['order-status', 'Re: Your order has shipped', 'when will it arrive? I need it before friday'],
  ['return-request', 'Return', 'The shoes are too small, I would like to send them back.'],
  ['wrong-item', 'wrong size', 'Hi I ordered a M but got an XL. How do I return it?'],
  ['exchange-request', 'exchange', 'can i exchange the jacket for a different colour pls'],
  ['refund-request', 'REFUND', 'I WANT MY MONEY BACK FOR ORDER 5521'],
  ['billing-dispute', 'Charged twice', 'Hello, I was charged twice for the same order, please fix.\n-- \nMark Peters\nAccount Manager, Acme'],
  ['refund-request', 'where is my refund', 'I returned the item on May 2 and still havent been refunded'],
  ['cancel-order', 'Cancel order', 'Please cancell my order 10023, I found it cheaper elsewhere.'],
  ['cancel-order', 'ordered by mistake', 'Hi, I ordered by mistake, can you stop it before it ships?'],
  ['cancel-order', 'Order 7781', 'I need to cancel this order asap thanks'],
  ['damaged-item', 'Broken on arrival', 'The vase arrived broken, the box was crushed.'],
  ['damaged-item', 'Damaged', 'Screen is cracked out of the box. Photos attached.'],
  // "Just unboxed": without it, a kettle that will not turn on reads as a warranty repair just as well.
  ['damaged-item', 'kettle', 'just unboxed it and it wont turn on, tried 3 different sockets'],
  ['address-change', 'Wrong address', 'I put the wrong adress on my order, it should be 12 Elm St.'],
  ['address-change', 'Moving', "I've just moved, can you send the parcel to my new address?"],
  ['password-reset', 'Forgot password', 'I forgot my pasword and the reset email never comes.'],
  ['password-reset', 'password', 'how do I reset my password?'],
  ['password-reset', '', 'My password expired and the new one is rejected'],
  ['login-problem', 'cant login', 'I cant log in to my account since yesterday.'],
  ['login-problem', 'Locked out', 'I’m locked out after too many attempts.'],
  ['login-problem', '2FA code', 'The verification code never arrives on my phone so I cannot sign in'],
  ['billing-invoice', 'Invoice request', 'Could you send me a VAT invoice for March? Our accounts team needs it.'],
  ['billing-invoice', 'Question about my bill', 'Why was I charged $49 this month? I thought it was $29.'],
  ['billing-invoice', 'receipt', 'need a receipt for my expense report'],
  ['payment-failed', 'Payment declined', 'My card keeps getting declined at checkout even though it has funds.'],
  ['payment-failed', 'cant pay', "I can't complete my purchase, payment error every time."],
  ['payment-failed', 'Subscription', 'the payment didnt go through, how do I update my card?'],
  ['plan-change', 'Upgrade', 'We want to upgrade to the Business plan for our team.'],
  ['subscription-cancel', 'cancel subscription', 'Please cancel my subscription at the end of the month.'],
  ['plan-change', 'seats', 'Can we add 5 more seats to our account?'],
  ['book-appointment', 'Boiler service', "I'd like to book an appointment for a boiler service next week."],
  ['book-appointment', 'Installation', 'Do you have any available slots to install the new meter?'],
  ['book-appointment', 'Gas check', 'Can I book a gas safety check at the flat for next Tuesday morning?'],
  ['reschedule-appointment', 'Appointment on Tuesday', 'I need to reschedule my appointment on Tuesday, something came up.'],
  ['reschedule-appointment', 'visit', "Sorry, can't make it tomorrow. Is there another day the technician could come?"],
  ['reschedule-appointment', 'no show', 'The engineer never showed up today. When can we rebook?'],
  ['bug-report', 'App crashes', 'The app crashes every time I open the reports tab. iOS 17.'],
  ['bug-report', 'Export not working', 'CSV export isnt working, I get a blank page.'],
  ['bug-report', 'Error 500', 'Getting an error when saving a draft: "Something went wrong".'],
  ['how-to', 'Question', 'How do I export my contacts to a spreadsheet?'],
  ['how-to', 'out of office', 'where do I set an out of office reply in the mail app? off from friday'],
  ['integration', 'Slack', 'Is there a way to integrate with Slack? Any step by step guide?'],
  ['account-update', 'New email', 'Please update my email to jane.doe@newmail.com'],
  ['account-update', 'GDPR', 'Please delete my account and all my data.'],
  ['account-update', 'Emails', 'unsubscribe me from your newsletters!!!'],
  ['complaint-escalation', 'Unacceptable', 'This is unacceptable. Third time my order is late. Worst service ever.'],
  ['billing-dispute', 'Chargeback', 'If I do not hear back today I will file a chargeback with my bank.'],
  ['complaint-escalation', 'Formal complaint', 'I want to make a formal complaint about your driver.'],
  ['product-question', 'Hello', 'Do you ship to Canada?'],
  ['general-question', 'Partnership', 'Hi, we run a podcast and would love to talk about a partnership with your brand.'],
  ['general-question', 'Store hours', 'Are you open on Sundays? Thanks!'],
  ['return-request', 'Send back', 'How can I get a return label? I no longer need the chair.'],
  ['subscription-cancel', 'Membership', 'I dont want to renew my membership next year, please end it.'],
  ['wrong-item', 'Not what I ordered', 'I ordered the blue kettle but you sent me a toaster?!'],
  ['missing-item', 'Missing parts', 'The bookshelf box came without the screws, 2 pieces are missing.'],
  ['missing-item', 'Only got half', 'Only received one of the two lamps I paid for, the other was not in the box.'],
  ['exchange-request', 'Size', 'These boots are too tight, can I swap them for a 42?'],
  ['product-question', 'Compatibility', 'Is the X200 charger compatible with the older X100 model?'],
  ['integration', 'Zapier', 'Can we connect your app to Zapier so new leads go to our CRM?'],
  ['integration', 'API key', 'Where do I find my API key for the webhook setup?'],
  ['feature-request', 'Suggestion', 'It would be great if you could add dark mode to the dashboard.'],
  ['feature-request', 'idea', 'Please add an option to export reports as PDF, would love to see that on the roadmap.'],
  ['outage-report', 'Site down?', 'Is your service down? Nobody on our whole team can load anything since 9am.'],
  ['outage-report', 'No internet', 'No internet at home since last night, the network is down in our street.'],
  ['cancel-appointment', 'Cancel visit', 'Please cancel the technician visit on Friday, we fixed it ourselves.'],
  ['cancel-appointment', 'appointment', 'I need to cancel my appointment for tomorrow, sorry.'],
  ['warranty-repair', 'Warranty', 'My washing machine stopped spinning and it is still under warranty. Can it be repaired?'],
  ['warranty-repair', 'Boiler broken', 'The boiler is not heating again, third time this winter. Is this covered by the guarantee?'],
  ['leave-request', 'Annual leave', 'Hi HR, I would like to book annual leave from 12 to 16 August.'],
  ['leave-request', 'sick', 'How many sick days do I have left? I was off sick last week.'],
  ['onboarding', 'New starter', 'We have a new hire starting on Monday, what does she need for her first day?'],
  ['onboarding', 'Badge', 'I start next week and have not received my access card yet.'],
  ['payroll', 'Payslip', 'My payslip for June shows the wrong overtime hours.'],
  ['payroll', 'Salary', 'I was not paid this month, can payroll check what happened?'],
  ['equipment-request', 'Monitor', 'Could I get a second monitor for working from home?'],
  ['equipment-request', 'Laptop', 'My laptop is 6 years old and very slow, I need a new laptop please.'],
  ['benefits', 'Dental', 'Does our health insurance include dental? I want to add my partner too.'],
  ['benefits', 'Pension', 'How do I increase my pension contributions?'],
];

describe('the built-in playbook classifies how customers write', () => {
  it.each(CASES)('%s: %s', (intent, subject, body) => {
    expect(inferTicket(ticket(subject, body), pb, 1).intent).toBe(intent);
  });

  it('has at least two cases for every intent', () => {
    const counts = new Map<string, number>();
    for (const [intent] of CASES) counts.set(intent, (counts.get(intent) ?? 0) + 1);
    for (const intent of loadPlaybook().intents) expect(counts.get(intent.id) ?? 0, intent.id).toBeGreaterThanOrEqual(2);
  });

  it('reads tags, with _ and - as spaces', () => {
    expect(inferTicket(ticket('Hi', 'see below', ['order_status']), pb, 1).intent).toBe('order-status');
    expect(inferTicket(ticket('Hi', 'see below', ['vip', 'return-label']), pb, 1).intent).toBe('return-request');
  });

  it('ignores an agent answer quoted in the reply', () => {
    const body = 'ok thanks, are you open on sundays?\n\nOn Mon, 3 Mar 2025 at 10:02, Support <help@shop.com> wrote:\n> To reset your password, click the reset link.';
    const quoted = inferTicket(ticket('Re: your request', body), pb, 1);
    expect(quoted.intent).toBe('general-question');
    for (const word of ['reset', 'password', 'link']) expect(quoted.matched.join(' ')).not.toContain(word);
    const outlook = 'Are you open on Sundays?\n> You can track your parcel with the tracking number';
    expect(inferTicket(ticket('', outlook), pb, 1).intent).toBe('general-question');
  });

  it('records the rule and the words that decided it, as the customer wrote them', () => {
    const inf = inferTicket(ticket('Where is my package', 'tracking says delivered but it hasnt arrived'), pb, 1);
    expect(inf.rule).toBe('order-status');
    expect(inf.matched.length).toBeGreaterThan(0);
    expect(inf.matched.length).toBeLessThanOrEqual(5);
    // Each as it appears in the ticket, and the order-status phrases among them.
    for (const words of inf.matched) expect('where is my package tracking says delivered but it hasnt arrived').toContain(words);
    expect(inf.matched).toEqual(expect.arrayContaining(['where is', 'hasnt arrived']));
  });

  it('sends a text with no known word to the catch-all, with no words', () => {
    expect(inferTicket(ticket('', 'asdf qwerty zxcv'), pb, 1)).toMatchObject({ intent: 'general-question', rule: 'catch-all', matched: [] });
  });
});
