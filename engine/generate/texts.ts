/**
 * What synthetic customers and agents write, per intent. This file is long because it is data:
 * hand-written templates and word lists, kept in one place so that the generator's logic
 * (tickets.ts) stays short and the writing can be reviewed and extended as prose.
 *
 * Templates carry slots in braces (`{order}`, `{product}`...), filled per ticket by
 * tickets.ts so that the same order number, product and names recur across a ticket's messages.
 * The company is fictitious: "Brightwell", which sells home appliances and smart-home devices
 * online, runs a companion app with paid plans, and sends technicians to install and repair.
 */

/** Everything the generator knows about one intent: how common it is, where it goes, what is said. */
export interface IntentText {
  /** Intent id, as the playbook names it. */
  id: string;
  /** Share of all tickets, in percent (the shares sum to 100). */
  share: number;
  /** The group (department) that handles it. */
  group: string;
  /** Tags an agent or a trigger would set: the first (unique per intent) always, the others sometimes. */
  tags: readonly string[];
  /** Weights of low, normal, high and urgent priority. */
  priority: readonly [number, number, number, number];
  subjects: readonly string[];
  /** Email and web-form bodies (greeting and signature are added around them). */
  bodies: readonly string[];
  /** Short openers for chat, messaging and social. */
  chats: readonly string[];
  /** Later customer turns. */
  followUps: readonly string[];
  /** Agent replies (greeting and sign-off are added for email). */
  replies: readonly string[];
  /** Internal notes (never public). */
  notes: readonly string[];
}

/** The intents, with realistic shares: order status the most common, escalations rare. */
export const INTENT_TEXTS: readonly IntentText[] = [
  {
    id: 'order-status',
    share: 20,
    group: 'Logistics',
    tags: ['shipping', 'order_status'],
    priority: [20, 65, 13, 2],
    subjects: [
      'Where is my order #{order}?',
      'Order {order} not received',
      "Tracking hasn't updated",
      'Still waiting on my delivery',
      'order status',
      'When will my {product} arrive?',
      'Re: Your Brightwell order #{order} has shipped',
    ],
    bodies: [
      'I ordered a {product} on {orderdate} (order #{order}) and it still hasn\'t arrived. The tracking page just says "label created" and hasn\'t changed in days. Can you tell me where it is?',
      "My order {order} was supposed to be delivered yesterday but nothing showed up. {carrier} tracking number {tracking} hasn't updated since it left the warehouse. Could you please check what's going on?",
      "Just checking on the status of order #{order}. It's been {days} days and I haven't received a shipping confirmation yet. I need it before the weekend if possible.",
      "The tracking says delivered but there's no package at my door or with my neighbours. Order number is {order}. Can you look into this please, I paid {amount} for this.",
      'Can you give me an ETA on my {product}? Order #{order}, placed {orderdate}. The website still says processing.',
      'I got an email saying my order shipped but the tracking link gives an error.\norder no. {order}\n\nplease advise',
    ],
    chats: [
      'hi where is my order {order}',
      "Hi, my package was supposed to come today and it's not here. Order #{order}",
      "can you check tracking for {order}? it's been stuck for a week",
    ],
    followUps: [
      "It still hasn't arrived. Tracking hasn't moved since {weekday}.",
      'Any news? The {carrier} site still says in transit.',
      'The package showed up today, it was left at the back door. Thanks!',
      "Can you just send a replacement? I've waited long enough honestly.",
    ],
    replies: [
      'Thanks for reaching out. I checked order #{order} and it left our warehouse on {orderdate}. {carrier} shows it in transit with tracking number {tracking}; the latest estimate is 2-3 business days.',
      "I'm sorry about the delay. The carrier has had a backlog in your area. I've opened a trace with {carrier} and will update you within 48 hours. If it doesn't show up by then we'll send a replacement free of charge.",
      "I can see {carrier} marked it as delivered. Could you check with your neighbours or any safe place? If it's still missing tomorrow, reply here and I'll start a claim.",
    ],
    notes: [
      'OMS shows shipped; carrier scan stale for 5 days. Trace opened with {carrier}.',
      'Customer has 2 prior WISMO contacts this month.',
    ],
  },
  {
    id: 'return-request',
    share: 8,
    group: 'Logistics',
    tags: ['returns'],
    priority: [30, 62, 7, 1],
    subjects: [
      'Return for order #{order}',
      'How do I return my {product}?',
      'return label please',
      'Want to send back {product}',
      'Return request - {order}',
    ],
    bodies: [
      "I'd like to return the {product} from order #{order}. It works fine, it's just too big for our kitchen. It's still in the original box. Can you send me a return label?",
      "I received my {product} on {orderdate} but it's not what I expected and I want to return it. What's the process? Do I need to pay for shipping back?",
      "I'm within the 30 day window, order {order}. I'd like to return the {product} and get my money back. Please let me know how to proceed.",
      'Bought a {product} as a gift but they already had one. It is unopened. Can I return it or exchange it for a {product2}?',
      'The return portal won\'t accept my order number ({order}). It says "order not eligible". I only got it last week??',
    ],
    chats: [
      'hi i want to return something i bought',
      'How do I start a return for order {order}?',
      'can I exchange my {product} for a different one?',
    ],
    followUps: [
      'Ok I printed the label. Do I need to include the receipt in the box?',
      'I dropped it off at {carrier} today.',
      "It's been a week since you got it back, when do I get my refund?",
    ],
    replies: [
      "No problem at all. I've emailed you a prepaid return label for order #{order}. Please pack the {product} securely and drop it at any {carrier} location within 14 days.",
      'You can start the return from Your Orders > {order} > Return item. Once we receive it, refunds are processed within 5-7 business days.',
      "Exchanges aren't possible directly, but you can return the {product} for a refund and place a new order for the {product2}. I've added free shipping to your next order.",
    ],
    notes: ['RMA created, label sent. Item in return window.', 'Portal error for marketplace orders again, manual RMA issued.'],
  },
  {
    id: 'refund-request',
    share: 7,
    group: 'Billing',
    tags: ['refund', 'billing'],
    priority: [15, 60, 20, 5],
    subjects: ['Refund not received', 'Where is my refund?', 'Refund for order #{order}', 'Requesting a refund', 'Still no money back'],
    bodies: [
      "I returned my {product} over two weeks ago and I still haven't got my refund of {amount}. {carrier} shows you received it on {orderdate}. When will the money be back on my card?",
      'I was charged {amount} for an order I cancelled (#{order}). Please refund it asap.',
      "My order {order} arrived missing the accessories, so I'd like a partial refund rather than sending the whole thing back. Is that possible?",
      "I'd like a refund for my {plan} subscription. I forgot to cancel the trial and got charged {amount} this morning. I haven't used it at all.",
      "You said the refund would take 5-7 days. It's been {days} days. Please advise.",
    ],
    chats: ["hi, i'm waiting for a refund for order {order}", "I want my money back for the {product}, it's been 2 weeks", 'when will i get my refund?'],
    followUps: [
      'I checked with my bank and nothing has come through yet.',
      'Got it, I can see the pending credit now. Thank you.',
      'Can you send me a confirmation of the refund so I can show my bank?',
    ],
    replies: [
      "I've checked and the refund of {amount} for order #{order} was issued today to the card ending {last4}. Depending on your bank it can take 3-5 business days to appear.",
      "I'm sorry for the wait. Our warehouse received the item but hadn't processed it yet. I've pushed the refund through now and you'll get a confirmation email shortly.",
      "As a one-time courtesy I've refunded the {amount} charge for {plan}. Your subscription is now cancelled so you won't be charged again.",
    ],
    notes: ['Refund under $150 threshold, no supervisor sign-off needed.', 'Return received {orderdate}, refund was stuck in the pending queue.'],
  },
  {
    id: 'cancel-order',
    share: 5,
    group: 'Logistics',
    tags: ['cancellation', 'order'],
    priority: [5, 55, 35, 5],
    subjects: ['Cancel order #{order}', 'Please cancel my order', 'URGENT cancel order before it ships', 'Ordered by mistake'],
    bodies: [
      "I placed an order an hour ago (#{order}) and I'd like to cancel it. I ordered the wrong model of {product}. Please cancel before it ships.",
      'Please cancel order {order}. I found it cheaper elsewhere. Thank you.',
      "I accidentally ordered two of the {product} instead of one. Can you cancel one of them, or the whole order {order} and I'll reorder?",
      'Can I still cancel my order from {orderdate}? It says processing. Order #{order}',
    ],
    chats: ['I need to cancel my order {order} please', 'hi can i cancel an order i just placed', 'Ordered the wrong thing, can you cancel #{order}?'],
    followUps: [
      'Did the cancellation go through? I still see it as processing in my account.',
      'Thanks. How long until the charge disappears?',
      'It shipped anyway?? I asked you to cancel it.',
    ],
    replies: [
      "Done: order #{order} is cancelled and you'll receive a confirmation email. The pending charge of {amount} will be released by your bank within a few days.",
      "Unfortunately order #{order} had already been handed to {carrier}, so I can't cancel it. Once it arrives you can return it for free using the label I've sent you.",
    ],
    notes: ['Cancelled in OMS before pick. Payment auth voided.', 'Too late to cancel, already manifested. Return label sent.'],
  },
  {
    id: 'damaged-item',
    share: 4,
    group: 'Logistics',
    tags: ['damaged', 'shipping'],
    priority: [5, 55, 35, 5],
    subjects: ['Item arrived damaged', 'Broken {product}', 'Damaged in shipping - order {order}', "{product} doesn't work out of the box", 'Cracked on arrival'],
    bodies: [
      "My {product} arrived today and the box was crushed. The front panel is cracked and it won't turn on. Order #{order}. I've attached photos. I'd like a replacement please.",
      "Just unboxed my {product} and there is a big dent on the side and the lid doesn't close properly. This was a birthday present so I'm pretty disappointed. What can you do?",
      'The {product} from order {order} made a rattling noise and then stopped working after 10 minutes. Looks like something inside is broken. Do I send it back or will you send a new one?',
      'Package arrived soaking wet and the {product} inside is damaged. I think {carrier} left it in the rain. Order {order}',
    ],
    chats: ['my {product} came broken', 'hi, order {order} arrived damaged, what do i do?', 'The {product} I got is cracked'],
    followUps: [
      'Here are the photos you asked for. The crack is on the back left corner.',
      'The replacement arrived and it works, thanks for sorting it so quickly.',
      'Do I need to keep the damaged one or can I throw it away?',
    ],
    replies: [
      "I'm so sorry your {product} arrived damaged. Could you send a couple of photos of the item and the box? As soon as we have them I'll ship a replacement at no cost.",
      "Thanks for the photos. I've sent a replacement {product} by express shipping; you'll get tracking by email. No need to return the damaged one, please recycle it.",
    ],
    notes: ['Damage claim filed with {carrier}. Replacement order created.', 'Photos received, damage consistent with transit.'],
  },
  {
    id: 'address-change',
    share: 3,
    group: 'Logistics',
    tags: ['address_change', 'shipping'],
    priority: [5, 60, 30, 5],
    subjects: ['Change shipping address', 'Wrong address on order #{order}', 'Update delivery address', 'Moving - need to change address'],
    bodies: [
      "I just noticed I put my old address on order #{order}. Can you change it to {address}, {city}? It hasn't shipped yet I think.",
      "I'm moving next week. Could you update the delivery address for order {order} to {address}, {city}? Thanks so much.",
      'Typo in my address! It should be {address}, not the one on the order. Order number {order}. Please fix before it ships.',
    ],
    chats: ['can I change the address on my order {order}?', 'hi I entered the wrong address'],
    followUps: ['Just to confirm, the new address is {address}, {city}.', 'Great, thanks for updating it.'],
    replies: [
      "I've updated the shipping address on order #{order} to {address}, {city}. You'll get a confirmation email with the new details.",
      "The order had already shipped, so I've asked {carrier} to redirect it to {address}. Redirects usually add a day to delivery.",
    ],
    notes: ['Address updated in OMS pre-pick.', 'Carrier intercept requested, fee waived.'],
  },
  {
    id: 'password-reset',
    share: 7,
    group: 'IT Helpdesk',
    tags: ['password', 'account_access'],
    priority: [10, 65, 22, 3],
    subjects: ['Password reset', "Can't reset my password", 'Reset link not working', 'forgot password', 'Password reset email never arrives'],
    bodies: [
      "I forgot my password and the reset email never arrives. I've checked spam. My account email is {email}. Can you reset it for me?",
      'The password reset link says it has expired every time I click it, even straight away. Tried {browser} and my phone. Help?',
      "Please reset my password. I'm locked out after too many attempts.",
      "I can't remember my password and I don't have access to the old email anymore ({email}). How do I get back into my account?",
    ],
    chats: ['i forgot my password', "Hi, the reset password email isn't coming through", "can you reset my password please, I'm locked out"],
    followUps: [
      'Still nothing in my inbox. Could you send it to {newemail} instead?',
      "That worked, I'm back in. Thanks!",
      "The new link works but it says my password doesn't meet the requirements, what are they?",
    ],
    replies: [
      "I've sent a fresh password reset link to {email}; it's valid for 60 minutes. If you don't see it within a few minutes please check your spam or promotions folder.",
      "Your account was temporarily locked after several failed attempts. I've unlocked it and sent you a reset link. Passwords need at least 10 characters including a number.",
    ],
    notes: ['Verified identity via last 4 of card and zip. Reset link sent.', 'Mail logs show bounces to this address, mailbox full.'],
  },
  {
    id: 'login-problem',
    share: 5,
    group: 'IT Helpdesk',
    tags: ['login', 'account_access'],
    priority: [5, 60, 30, 5],
    subjects: ["Can't log in", 'Login not working', 'Error when signing in to the app', '2FA code not arriving', 'Keeps logging me out'],
    bodies: [
      'I can\'t log into the Brightwell app on my {device}. I enter my email and password and it just says "{error}". My password is definitely right because it works on the website.',
      "I'm not getting the two-factor code by SMS anymore. I changed phone carriers last month but kept the same number. I'm completely locked out of my account.",
      'The app keeps logging me out every few minutes since the last update. Very annoying. {device}, latest version.',
      'When I try to sign in with Google it just spins forever and then goes back to the login page. Tried in {browser} and in the app.',
    ],
    chats: ["the app won't let me log in", "hi i'm getting \"{error}\" when i try to log in", "I don't get the 2FA text"],
    followUps: [
      'I reinstalled the app like you said, still the same error.',
      'Ok that worked after clearing the cache. thanks',
      "Here's a screenshot of the error.",
    ],
    replies: [
      'Sorry for the trouble. We had an issue with sign-ins on older app versions. Could you update the Brightwell app to the latest version and try again?',
      "I've reset your two-factor settings, so next time you sign in you'll be asked to set it up again. You can choose the authenticator app option if SMS is unreliable.",
      "Please try clearing the app cache (Settings > Apps > Brightwell > Storage > Clear cache) and sign in again. If that doesn't help, send me a screenshot of the error.",
    ],
    notes: ['Known issue BW-4412 (SSO loop on iOS). Linked to problem ticket.', 'Reset MFA after ID check.'],
  },
  {
    id: 'billing-invoice',
    share: 5,
    group: 'Billing',
    tags: ['invoice', 'billing'],
    priority: [30, 60, 9, 1],
    subjects: ['Invoice request', 'Need a VAT invoice for order #{order}', 'Question about my invoice {invoice}', 'Wrong company name on invoice', 'Copy of receipt'],
    bodies: [
      'Could you please send me an invoice for order #{order}? I need it for my expense report and it needs to show our company name: {last} & Co.',
      "I got invoice {invoice} but the amount ({amount}) doesn't match what I was quoted. Can you explain the extra charges?",
      'I need copies of all invoices for last year for our accountant. Is there a way to download them all at once?',
      'The invoice has my old address on it. Can you reissue it with {address}, {city}?',
      'Why was I charged twice this month? I see two payments of {amount} on my statement. Invoice number {invoice}.',
    ],
    chats: ['where can i download my invoice?', 'I need a receipt for order {order}', 'why was i charged {amount}?'],
    followUps: ['Thanks, but it still shows the wrong name.', 'Got the invoice, thank you.'],
    replies: [
      "I've attached a copy of invoice {invoice}. You can also download all past invoices under Account > Billing > Invoices.",
      "The difference is the installation fee and sales tax, which were added at checkout. I've attached a breakdown of invoice {invoice}.",
      "You're right, you were charged twice. I've refunded the duplicate payment of {amount}; it'll show on your statement within a few days.",
    ],
    notes: ['Duplicate charge confirmed in the payment gateway, refunded one.', 'Reissued invoice with updated billing address.'],
  },
  {
    id: 'payment-failed',
    share: 4,
    group: 'Billing',
    tags: ['payment', 'billing'],
    priority: [5, 55, 35, 5],
    subjects: ['Payment declined', 'Card keeps getting declined', 'Payment failed but money taken', 'Subscription payment failed', "Can't complete checkout"],
    bodies: [
      "I've tried to pay three times and it keeps saying payment declined. My bank says there's no problem on their end. Card ending {last4}.",
      "Got an email that my subscription payment failed and my account will be suspended. I updated my card yesterday, why didn't it go through?",
      'Checkout failed with "{error}" but I can see a pending charge of {amount} on my account. Did the order go through or not??',
      "Apple Pay doesn't work at checkout, it just closes the window. I want to buy the {product}.",
    ],
    chats: ['my payment keeps failing', "hi checkout says my card is declined but it's fine", 'got charged but no order confirmation'],
    followUps: [
      'I tried again with a different card and it went through. Will the first charge be reversed?',
      'Still declined. This is getting frustrating.',
    ],
    replies: [
      "I can see the attempts on our side; they were declined by your card issuer's security check. Could you try again and approve the notification from your banking app?",
      "The pending charge of {amount} is only an authorization; it will drop off within 3-5 days because the order didn't complete. Please try again and let me know if it fails.",
      "I've reactivated your subscription and retried the payment with the card ending {last4}. It went through, so you're all set.",
    ],
    notes: ['Gateway shows do_not_honor from issuer.', 'Dunning retry succeeded after manual retry.'],
  },
  {
    id: 'plan-change',
    share: 3,
    group: 'Billing',
    tags: ['subscription', 'plan_change'],
    priority: [30, 62, 7, 1],
    subjects: ['Upgrade to {plan2}', 'Downgrade my plan', 'Change subscription', 'Switch from {plan} to {plan2}', 'Question about changing plans'],
    bodies: [
      "I'd like to switch from {plan} to {plan2}. Will I be charged the full price right away or is it prorated?",
      "Please downgrade my subscription to {plan2} at the end of the current billing period. We don't use the extra features.",
      "How do I change my plan? The button in the app is greyed out. I'm on {plan} and want {plan2}.",
      "We're adding 3 more homes to our account, do we need to upgrade from {plan}? What would it cost?",
    ],
    chats: ['i want to upgrade to {plan2}', 'how do i change my plan', 'can I downgrade to {plan2}?'],
    followUps: ['Ok, please go ahead and make the change.', 'And will I lose my saved schedules if I downgrade?'],
    replies: [
      "I've switched your account from {plan} to {plan2}. The difference is prorated, so today's charge is {amount}. Your renewal date stays the same.",
      "Your plan will change to {plan2} at the end of the current period. You'll keep all features until then, and nothing you've set up will be deleted.",
    ],
    notes: ['Plan change applied, proration checked.', 'Greyed-out button means an app store subscription: must be changed via Apple.'],
  },
  {
    id: 'book-appointment',
    share: 4,
    group: 'Field Service',
    tags: ['appointment', 'field_service'],
    priority: [15, 70, 13, 2],
    subjects: ['Book an installation', 'Schedule {service}', 'Appointment request', 'Need a technician', 'When can someone come to install my {product}?'],
    bodies: [
      "I bought a {product} (order #{order}) with installation included. When is the earliest you can send a technician? I'm in {city}, mornings are best for me.",
      "I'd like to book a {service}. We're available {appt} or any weekday after 3pm. Address is {address}, {city}.",
      'My {product} is making a grinding noise and needs a repair visit. Can you send someone next week? I work from home so any time works.',
      "Do you do {service} in {city}? If yes I'd like to book one sometime in the next two weeks.",
    ],
    chats: ['I want to book a technician', 'hi, can I schedule an install for my {product}', "need someone to look at my {product}, it's broken"],
    followUps: [
      '{time} on {appt} works. Do I need to be home the whole window?',
      'Could we do a bit later? Mornings are hard this week.',
      'Great, see you then.',
    ],
    replies: [
      'I can offer {appt}, {time}, or the following Monday in the afternoon. Which one suits you?',
      "You're booked for a {service} on {appt}, arrival window {time}. The technician will call about 30 minutes before arriving.",
    ],
    notes: ['Booked in FSM, tech assigned for the {city} route.', 'No tech coverage for this zip until next week.'],
  },
  {
    id: 'reschedule-appointment',
    share: 3,
    group: 'Field Service',
    tags: ['reschedule', 'appointment'],
    priority: [10, 65, 22, 3],
    subjects: ['Reschedule appointment', 'Need to change my appointment', "Can't make {appt}", 'Technician visit - new date please', 'Re: Your appointment is confirmed'],
    bodies: [
      "Something came up and I can't be home on {appt}. Could we move the {service} to later that week or the next?",
      'The technician didn\'t show up today for my {service} and nobody called. I took the day off work for this. Please reschedule ASAP.',
      'Can I move my appointment from the morning slot to the afternoon? Same day ({appt}) is fine.',
      "I need to postpone my installation, we're still waiting for the kitchen to be finished. Can we push it back a few weeks?",
    ],
    chats: ['i need to reschedule my appointment', 'can I change my install date?', 'the tech never showed up'],
    followUps: ['{appt}, {time} would be perfect.', 'Is there anything on a Saturday?'],
    replies: [
      "No problem. I've moved your {service} to {appt}, arrival window {time}. You'll get a text reminder the day before.",
      "I'm really sorry the technician didn't make it. I've booked you the first slot available, {appt}, {time}, and added a $25 credit to your account for the inconvenience.",
    ],
    notes: ['Tech ran over on previous job; no call made. Credit applied.', 'Moved slot in FSM. Customer prefers afternoons.'],
  },
  {
    id: 'bug-report',
    share: 5,
    group: 'Support',
    tags: ['bug', 'app'],
    priority: [10, 55, 30, 5],
    subjects: ['App crashes when opening {feature}', 'Bug in the latest update', '{feature} not working', '{product} disconnects from wifi', 'Something is broken'],
    bodies: [
      "Since the latest app update, the app crashes every time I open {feature}. {device}, app version 5.2.1. Reinstalling didn't help.",
      'My {product} keeps disconnecting from wifi every night around 2am and I have to re-pair it in the app. The router is fine, all other devices stay connected.',
      'The energy report shows the wrong numbers: it says I used 0 kWh all last week which is impossible.',
      "When I set a schedule for {weekday} it saves it for the wrong day. Looks like a time zone thing? I'm in {city}.",
      'Got a blank white screen after logging in on {browser}.\nSteps:\n1. log in\n2. Devices > {product}\n3. white screen',
    ],
    chats: ['the app keeps crashing', "hi {feature} isn't working since the update", 'my {product} keeps going offline'],
    followUps: ['Still happening after the update you mentioned.', 'Logs sent. Let me know if you need anything else.', 'Latest version fixed it, thanks.'],
    replies: [
      'Thanks for the detailed report. Our engineers are aware of a crash in {feature} on version 5.2.1 and a fix is rolling out this week in 5.2.2.',
      'Could you send us the diagnostic logs? In the app go to Settings > Help > Send diagnostics and mention this ticket number.',
      "I've passed this to our product team with your steps to reproduce. I'll update this ticket as soon as there's a fix.",
    ],
    notes: ['Reproduced on staging. Filed BW-5120.', 'Duplicate of known firmware issue, linked.'],
  },
  {
    id: 'how-to',
    share: 7,
    group: 'Support',
    tags: ['how_to', 'question'],
    priority: [45, 50, 4, 1],
    subjects: ['How do I set up {feature}?', 'Question about my {product}', 'How to connect {product} to wifi', 'Help with setup', 'How to reset {product}'],
    bodies: [
      "How do I set up {feature} in the app? I can't find the option anywhere.",
      'I just got my {product}. How do I connect it to wifi? The instructions in the box just say "use the app" and the app doesn\'t find it.',
      'Is there a way to share access to my {product} with my partner so they can control it from their phone too?',
      "How do I factory reset the {product}? I'm giving it to my sister.",
      "What's the best way to clean the filter on the {product}, and how often should I do it?",
    ],
    chats: ['how do i connect my {product} to wifi', "hi, where's the {feature} setting?", 'quick question - how do I reset my {product}?'],
    followUps: ['Found it, thanks!', "I did that but it still doesn't show up in the app."],
    replies: [
      "Sure! Open the Brightwell app, tap Devices > {product} > Settings, and you'll find {feature} near the bottom. There's a guide with screenshots at https://help.brightwell.example.",
      'To factory reset, hold the power button for 10 seconds until the light blinks orange, then release. The device will restart and show up as new in the app.',
      "You can invite someone from Settings > Home members > Invite. They'll get an email and can control every device in your home.",
    ],
    notes: ['Sent KB article 2311.'],
  },
  {
    id: 'account-update',
    share: 4,
    group: 'Support',
    tags: ['account'],
    priority: [35, 58, 6, 1],
    subjects: ['Update my email address', 'Change name on account', 'Update phone number', 'Delete my account', 'Account details change'],
    bodies: [
      'Please change the email on my account from {email} to {newemail}. I no longer use the old one.',
      'I got married and would like to update the name on my account to {first} {last}.',
      "Can you update my phone number to {phone}? The app won't let me save it, it says invalid format.",
      "I'd like to close my account and have my personal data deleted. Please confirm once done.",
      'How do I change the billing address on my account? Moving to {address}, {city}.',
    ],
    chats: ['i need to change my email address', 'can you update my phone number?', 'how do I delete my account'],
    followUps: ["Yes, that's the right one.", 'Thanks, I can see the change now.'],
    replies: [
      "I've updated the email on your account to {newemail}. You'll get a verification email there; please click the link to confirm.",
      "Your account deletion request is confirmed. Your data will be removed within 30 days, and you'll receive a final confirmation by email.",
    ],
    notes: ['ID verified. Email changed.', 'Data deletion request logged.'],
  },
  {
    id: 'complaint-escalation',
    share: 2,
    group: 'Support',
    tags: ['complaint', 'escalation'],
    priority: [0, 15, 50, 35],
    subjects: ['Complaint - terrible service', 'I want to speak to a manager', 'Formal complaint', 'Third time contacting you!!', 'Extremely disappointed'],
    bodies: [
      "This is the third time I'm writing about the same problem and nobody has fixed it. Order #{order}: broken {product}, missed technician visit, and still no refund. I want this escalated to a manager today.",
      "I've been a customer for 6 years and I've never been treated this badly. Your agent hung up on me yesterday. I want a formal complaint logged and a call back from a supervisor.",
      "Your technician damaged my kitchen floor during the {service} and is now ignoring my messages. I expect you to cover the repair cost. If I don't hear back by Friday I'll be contacting my lawyer and leaving reviews everywhere.",
      "Unacceptable. I was promised a callback within 24 hours on ticket #{prevticket} and it's been a week. Please escalate.",
    ],
    chats: ['I want to talk to a manager', 'this is ridiculous, 3rd time contacting you about order {order}', 'I want to file a complaint'],
    followUps: ["I'm still waiting for that call from a manager.", 'Ok, thank you for finally sorting this out.'],
    replies: [
      "I'm truly sorry for how this has been handled. I've escalated your case to our customer relations team lead, who will call you within one business day.",
      "I completely understand your frustration. I've logged a formal complaint and I'm personally following up with the field team today.",
    ],
    notes: ['Escalated to T2 / customer relations lead. Customer threatening chargeback.', 'Churn risk. Offered goodwill credit $50 pending approval.'],
  },
  {
    id: 'general-question',
    share: 4,
    group: 'Support',
    tags: ['question'],
    priority: [50, 46, 3, 1],
    subjects: ['Question', 'Quick question', 'Do you ship to Canada?', 'Warranty question', 'Stock question', '(no subject)'],
    bodies: [
      'Do you ship to Canada? And if so, are there extra customs fees?',
      "What's the warranty on the {product}? Mine is about 18 months old and starting to make noise.",
      'Do you have a physical store in {city} where I can see the {product} before buying?',
      'Is the {product} compatible with Alexa or Google Home?',
      "Will the {product} be back in stock soon? It's been sold out for weeks.",
    ],
    chats: ['hi quick question', 'is the {product} back in stock?', 'do you price match?'],
    followUps: ['Ok good to know, thanks.', 'And does that include the filters?'],
    replies: [
      'Great question! All our appliances come with a 2-year warranty, and you can extend it to 5 years from your account page.',
      "We don't have physical stores, but we offer free 30-day returns so you can try it at home.",
      'The {product} is expected back in stock in about two weeks. You can sign up on the product page to get an email as soon as it is available.',
    ],
    notes: [],
  },
];

/** Intent ids, in catalogue order. */
export const INTENT_IDS: readonly string[] = INTENT_TEXTS.map((i) => i.id);

// --- Word lists for slots -------------------------------------------------------------------

export const FIRST_NAMES = [
  'Maria', 'James', 'Aisha', 'Tom', 'Priya', 'Daniel', 'Sofia', 'Kevin', 'Emma', 'Luis',
  'Hannah', 'Omar', 'Grace', 'Chen', 'Olivia', 'Marcus', 'Fatima', 'Ryan', 'Chloe', 'Diego',
  'Nina', 'Sam', 'Laura', 'Ahmed', 'Julia', 'Ben', 'Yuki', 'Rachel', 'Peter', 'Amara',
] as const;

export const LAST_NAMES = [
  'Garcia', 'Smith', 'Khan', 'Nguyen', 'Patel', 'Johnson', 'Rossi', 'Brown', 'Müller', 'Lopez',
  'Williams', 'Haddad', 'Kim', 'Wilson', "O'Brien", 'Martin', 'Okafor', 'Taylor', 'Dubois', 'Silva',
  'Anderson', 'Cohen', 'Novak', 'Moore', 'Schmidt', 'Clarke', 'Tanaka', 'Evans', 'Jensen', 'Reyes',
] as const;

/** Reserved example domains (RFC 2606): no address here can belong to anyone. */
export const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org', 'mail.example', 'inbox.example'] as const;

export const CITIES = [
  'Springfield', 'Portland', 'Austin', 'Columbus', 'Madison', 'Denver', 'Raleigh', 'Boise',
  'Tucson', 'Albany', 'Fresno', 'Omaha', 'Richmond', 'Spokane', 'Savannah', 'Burlington',
] as const;

export const STREETS = ['Elm Street', 'Oak Avenue', 'Maple Drive', 'Cedar Lane', 'Park Road', 'Lake View Court', 'Hillcrest Blvd', 'Mill Street', 'Sunset Way', 'Birch Terrace'] as const;

export const AREA_CODES = ['212', '303', '312', '415', '503', '512', '614', '720', '919', '208'] as const;

export const PRODUCTS = [
  'Aero 300 air purifier', 'Kettle Pro', 'SmartTherm thermostat', 'Glide robot vacuum', 'Brew One coffee machine',
  'Lumen floor lamp', 'FreshBox fridge', 'Quiet 500 dishwasher', 'HeatWave space heater', 'Nimbus humidifier',
  'ClearView doorbell camera', 'Mira stand mixer', 'AquaPure water filter', 'Flow 8kg washing machine',
] as const;

export const SERVICES = [
  'dishwasher installation', 'thermostat installation', 'washing machine repair', 'annual maintenance visit',
  'doorbell camera installation', 'fridge repair', 'air conditioning service',
] as const;

export const PLANS = ['Basic', 'Plus', 'Premium', 'Family'] as const;

export const DEVICES = ['iPhone 14', 'iPhone 12', 'Samsung Galaxy S23', 'Pixel 8', 'iPad', 'Windows laptop', 'MacBook Air', 'Android tablet'] as const;

export const BROWSERS = ['Chrome', 'Safari', 'Firefox', 'Edge'] as const;

export const ERRORS = ['Something went wrong (code 4012)', 'Invalid credentials', 'Error 500', 'Session expired', 'Unable to connect to server'] as const;

export const FEATURES = ['schedules', 'away mode', 'energy reports', 'filter reminders', 'family sharing', 'voice assistant linking', 'scenes'] as const;

export const CARRIERS = ['UPS', 'FedEx', 'USPS', 'DHL'] as const;

export const AGENTS = ['Jess', 'Mike', 'Anita', 'Carlos', 'Sarah', 'Dev', 'Lena', 'Tyrone', 'Mei', 'Jonas'] as const;

// --- Framing around the core text ----------------------------------------------------------

/** Greetings for email and web forms ('' = none). */
export const GREETINGS = ['Hi,', 'Hello,', 'Hi there,', 'Dear Support Team,', 'Hello Brightwell team,', 'Good morning,', 'Hey,', '', ''] as const;

/** Email signatures; '' = none. Phone-written ones are common in real inboxes. */
export const SIGNATURES = [
  'Thanks,\n{first}',
  'Best regards,\n{first} {last}',
  'Cheers,\n{first}',
  '{first}\n\nSent from my iPhone',
  'Sent from my iPhone',
  'Thank you\n{first} {last}\n{phone}',
  'Get Outlook for Android',
  'Regards,\n{first}',
  'thx',
  '',
] as const;

/** Customer nudges when nothing has happened. */
export const NUDGES = [
  'Any update on this?',
  "Hello? I haven't heard back.",
  'Just following up on my previous email.',
  'Bumping this, still waiting for a reply.',
] as const;

/** A customer's last word, when the issue is solved. */
export const CLOSERS = ["Thanks, that's all I needed!", 'Perfect, thank you.', 'ok thanks', 'Thanks for your help.', 'Great, appreciate it!'] as const;

/** A second, unrelated ask tacked on to some first messages (real tickets mix intents). */
export const SECONDARY_ASKS = [
  'Also, could you send me an invoice for my last order?',
  "Also, while I have you, how do I turn on away mode in the app?",
  'PS my phone number changed to {phone}, can you update it?',
  'One more thing, is the {product2} back in stock?',
] as const;

/** Agent replies that hold the ticket open, or close it. */
export const HOLD_REPLIES = ["Thanks for your patience. I'm looking into this now and will get back to you shortly."] as const;
export const CLOSING_REPLIES = [
  "Glad I could help! I'll close this ticket for now; just reply if anything else comes up.",
  "You're welcome! Have a great day.",
] as const;

/** Agent sign-offs for email. */
export const SIGNOFFS = ['Best,\n{agent}\nBrightwell Support', 'Kind regards,\n{agent} | Brightwell Customer Care', 'Thanks,\n{agent}'] as const;

/** An automated email the customer replied to, quoted under some first messages about orders. */
export const QUOTED_NOTIFICATION = "Your order #{order} is confirmed!\nWe'll email you again as soon as it ships.\n\nBrightwell";
