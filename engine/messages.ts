/**
 * Every sentence a user can see, as a function. Tests compare against these functions, so the
 * wording can change in one place.
 */

import { FIRST_YEAR, LAST_YEAR } from '../adapters/time.js';

/**
 * A header's cells for a message: the first 20, each cut to 40 characters, and how many more.
 * A hostile header (100,000 columns, a 1 MB name) still makes one readable sentence.
 */
function headerCells(header: string[]): string {
  const shown = header.slice(0, 20).map((h) => JSON.stringify(truncate(h, 40)));
  return shown.join(', ') + (header.length > 20 ? ` and ${(header.length - 20).toLocaleString('en-US')} more` : '');
}

export const messages = {
  // Rejections (one reason per quarantined record, written to rejected.csv).
  missingId: () => 'missing ticket id',
  missingField: (field: string) => `missing required field "${field}"`,
  undecodable: (field: string) => `field "${field}" holds bytes that are not valid in the file's encoding (read as U+FFFD); if the file is not UTF-8, pass --encoding (e.g. --encoding windows-1252)`,
  badCount: (field: string, value: string) => `"${field}" is not a count of zero or more: ${JSON.stringify(truncate(value, 40))}`,
  badDate: (field: string, value: string) => `invalid date in "${field}": ${JSON.stringify(truncate(value, 40))} (dates from ${FIRST_YEAR} to ${LAST_YEAR} are read)`,
  raggedRow: (got: number, want: number) => `row has ${got} fields, the header has ${want}`,
  csvParse: (detail: string) => `unreadable CSV record: ${detail}`,
  csvSpan: (from: number, to: number) => ` (the record runs from line ${from} to line ${to})`,
  unknownAction: (name: string) => `unknown action "${name}" in the actions column`,
  replayFailed: (detail: string) => `could not be replayed: ${detail}`,
  filteredDeleted: () => 'deleted in the helpdesk: not a ticket to replay',
  filteredSpam: () => 'marked as spam in the helpdesk: not a ticket to replay',
  filteredOutbound: () => 'an outbound or campaign message, not a customer request: not replayed',
  orphan: (parentId: string) => `parent not found: no ticket "${parentId}" in the inputs`,
  badJson: (detail: string) => `unreadable JSON record: ${detail}`,
  notATicket: (what: string) => `not a ticket record: ${what}`,
  playbookBadKeyword: (words: number) =>
    words === 0
      ? 'a keyword needs at least one word (letters or digits)'
      : `a keyword has at most 3 words, this one has ${words}; write longer phrases as a pattern`,
  keywordTableHeader: () => 'the first line must be the header "intent<TAB>keyword<TAB>weight"',
  keywordTableCells: (n: number) => `expected 3 tab-separated cells (intent, keyword, weight), found ${n}`,
  keywordTableIntent: (id: string) => `no intent "${id}" in the playbook`,
  keywordTableWeight: (text: string, max: number) => `the weight must be a number from -${max} to ${max}, not ${JSON.stringify(text)}`,
  keywordTableDuplicate: (keyword: string, intent: string) => `"${keyword}" is listed twice for ${intent}`,
  playbookCatastrophicPattern: () =>
    'this pattern repeats a group that itself repeats (like (a+)+), which can backtrack for minutes on some texts; rewrite it without the nested repetition',
  duplicateId: (id: string) => `duplicate ticket id "${id}": a record with this id updated as late or later was replayed`,
  duplicateSuperseded: (id: string) => `ticket id "${id}" appears again later with a newer update, which was replayed instead`,

  // Fatal input and configuration errors.
  fileNotFound: (file: string) => `Cannot read ${file}: no such file or folder.`,
  fileUnreadable: (file: string, detail: string) => `Cannot read ${file}: ${detail}.`,
  notText: (file: string, kind: string) => `${file} is ${kind}; ticket-replay reads CSV, JSON and NDJSON exports (see \`ticket-replay adapters\`).`,
  emptyInput: (file: string) => `${file} is empty: there is no header row to read.`,
  noIdColumn: (file: string, header: string[]) =>
    `${file}:1 has no ticket id column (looked for "id"; the header has ${headerCells(header)}); pass --mapping to name it.`,
  mappingColumnMissing: (file: string, field: string, column: string) =>
    `${file}:1 has no column "${column}", which the mapping names for field "${field}".`,
  protoKey: () => 'a key named __proto__ is not allowed (it would change the object it is in rather than set a field)',
  configInvalid: (file: string, where: string, detail: string) => `${file}${where ? `, ${where}` : ''}: ${detail}.`,
  configParse: (file: string, line: number | undefined, detail: string) =>
    `${file}${line ? `:${line}` : ''} is not valid JSON or YAML: ${detail}.`,
  unknownAdapter: (name: string, known: string[]) => `Unknown adapter "${name}"; choose one of ${known.join(', ')}.`,
  unknownMappingPreset: (name: string, known: string[]) =>
    `Unknown mapping "${name}": it is neither a file nor a preset (${known.join(', ')}).`,
  noAdapterDetected: (file: string, candidates: Candidate[]) =>
    `${file}: no adapter recognises this file${candidates.length ? ` (closest: ${describeCandidates(candidates)})` : ''}; pass --adapter to choose one (see \`ticket-replay adapters\`).`,
  ambiguousAdapter: (file: string, candidates: Candidate[]) =>
    `${file} could be read by more than one adapter (${describeCandidates(candidates)}); pass --adapter to choose one.`,
  interrupted: () => 'Interrupted: no report was written.',
  badShard: (text: string) => `--shard takes i/n with 1 ≤ i ≤ n (the i-th of n shards), e.g. 2/3; got "${text}".`,
  shardNeedsPartial: () => '--shard and --partial go together: a shard writes its usage to the partial file, and `ticket-replay merge` writes the report.',
  notAPartial: (file: string, why: string) => `${file} cannot be merged: ${why}.`,
  shardMismatch: (file: string, other: string) =>
    `${file} and ${other} are shards of different runs (their inputs, options, plans, playbook or shard count differ): run every shard with the same command but --shard.`,
  shardTwice: (index: number, count: number, a: string, b: string) => `shard ${index}/${count} is given twice (${a} and ${b}).`,
  shardsMissing: (missing: number[], count: number) => `shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: merge needs all ${count}.`,
  countsMismatch: (read: number, replayed: number, rejected: number) =>
    `internal error: ${read} records read but ${replayed} replayed + ${rejected} rejected`,
  channelNotInHistory: (file: string, scenario: string, channel: string) =>
    `${file}: scenario "${scenario}" moves tickets between channels, but this history has no ${channel} tickets, so what they cost is unknown.`,
  scenariosNeedForecast: (file: string) => `${file}: scenarios are forecast beside the baseline, so they need --forecast-months of 1 or more (it is 0).`,
  noRecords: (files: string[]) => `No ticket to replay: ${files.length === 1 ? `${files[0]} has` : `${files.join(', ')} have`} no records after the header.`,
  noTickets: (read: number, first?: string) =>
    `No ticket could be replayed: ${read === 1 ? 'the one record was rejected' : `all ${read.toLocaleString('en-US')} records were rejected`}${first ? `; the first, ${first}` : ''}.`,

  // Usage.
  badSurge: (flag: string, value: string) =>
    `${flag} expects <probability>:<size>, a chance per month from 0 to 1 and a volume multiplier of at least 1 (e.g. 0.1:1.5), got "${value}".`,
  badInteger: (flag: string, value: string) => `${flag} expects a whole number, got "${value}".`,
  badNumber: (flag: string, value: string) => `${flag} expects a number, got "${value}".`,
  badChoice: (flag: string, value: string, choices: readonly string[]) =>
    `${flag} expects one of ${choices.join(', ')}, got "${value}".`,
  badEncoding: (value: string) => `--encoding expects a text encoding such as utf-8, latin1, windows-1252 or utf-16le, got "${value}".`,
  badTimeZone: (value: string) => `--tz expects an IANA time zone such as Europe/Paris, got "${value}".`,
  ticketNotFound: (id: string) => `No ticket with id "${id}" in the inputs.`,

  // Playbook validation (the detail after "file, line n, field x: ").
  playbookBadPattern: (detail: string) => `invalid regular expression (${detail})`,
  playbookUnknownAction: (name: string) =>
    `unknown action "${name}": use a standard action or declare it under "actions"`,
  playbookEscalateInTemplate: () => '"Escalate to Human" is added by inference at a hand-off: leave it out of templates',
  playbookDuplicateId: (id: string) => `duplicate id "${id}"`,
  playbookCatchAll: (found: number) =>
    `a playbook needs exactly one catch-all intent (no patterns, or catchAll: true); found ${found}`,

  // Why a ticket was AI-resolved or handed off (inspect, summary.json); playbook rules add their own.
  reasonActionLog: () => 'action log',
  reasonActionLogEscalates: () => 'action log ends in escalation',
  reasonWithinRate: () => "within the intent's automation rate",
  reasonBeyondRate: () => "beyond the intent's automation rate",

  // Plans files (the detail after "file, line n, field x: ").
  plansShape: () => 'expected a list of plans, or an object whose "plans" field is that list',
  unknownModel: (name: string, known: readonly string[]) =>
    `unknown pricing model "${name}"; choose one of ${known.join(', ')}`,
  duplicatePlanId: (id: string) => `duplicate plan id "${id}": every plan needs its own id`,
  duplicateTier: (name: string) => `duplicate tier name "${name}"`,
  unknownTier: (name: string, known: readonly string[]) => `unknown tier "${name}"; the plan's tiers are ${known.join(', ')}`,
  perAgentAllowance: (missing: string, given: string) =>
    `${missing} is required with ${given}: the monthly allowance is includedPerAgentPerMonth × agents`,
  autoTierName: () => `a tier cannot be named "auto": as the plan's tier, "auto" means the cheapest tier that covers each month`,
  flatRateOverage: () => 'expected "next-tier", "cap" or { usdPerInteraction: <USD> } with a price of 0 or more',

  // Vendor exports whose shape is fixed (appended for the Zendesk adapters).
  exportColumnMissing: (file: string, column: string, header: string[]) =>
    `${file}:1 has no "${column}" column, which this export always has (the header has ${headerCells(header)}); if it is another kind of CSV, pass --adapter generic-csv with --mapping.`,
  notZendeskJson: (file: string) =>
    `${file} is not a Zendesk JSON export: expected one ticket object per line, or an object with a "tickets", "ticket_events" or "audits" array.`,

  // Freshdesk and Intercom API JSON (appended for their adapters).
  notAJsonObject: (got: string) => `not a ticket record: expected a JSON object, got ${got}`,
  notIntercomJson: (file: string) =>
    `${file} is not Intercom JSON: expected a "conversation.list" page, an array of conversations, or one conversation object per line.`,

  // Worker faults and interrupts (engine/replay/pool.ts, engine/cli/main.ts): the batch, the record, what happened.
  chunkBatch: (batch: number, file: string, from: number, to: number) => `batch ${batch} of ${file} (lines ${from} to ${to})`,
  ticketBatch: (batch: number, file: string, from: number, to: number | undefined, firstId: string) =>
    `batch ${batch} of ${file} (${to !== undefined ? `lines ${from} to ${to}` : `from line ${from}`}, first ticket ${firstId})`,
  rereadBatch: (records: number, firstId: string) => `the re-reading of ${records} repeated records (first ticket ${firstId})`,
  forecastBatch: (from: number, to: number) => `forecast paths ${from} to ${to}`,
  workerThrewAt: (file: string, line: number, ticketId: string | undefined, task: string, message: string) =>
    `A replay worker failed at ${file}:${line} (${ticketId !== undefined ? `ticket ${ticketId}, ` : ''}${task}): ${message.replace(/\.$/, '')}.`,
  workerThrew: (task: string, message: string) => `A replay worker failed on ${task}: ${message.replace(/\.$/, '')}.`,
  workerDied: (what: string, task: string) => `A replay worker ${what} during ${task}.`,
  workerDiedIdle: (what: string) => `A replay worker ${what} while starting or between batches.`,
  workerOutOfMemory: (limitMb: number) => `ran out of memory (limit ${limitMb} MiB, raise it with --worker-memory <MiB>)`,
  workerExited: (code: number) => `exited with code ${code}`,

  // Exact money and safe outputs (safe-money): prices money holds exactly, bills too large to, report file names.
  priceNotExact: () => 'expected a price in USD from 0 to 1,000,000,000 with at most 6 decimals (money is kept exact to the micro-dollar)',
  badUsd: (flag: string, value: string) =>
    `${flag} expects an amount in USD from 0 to 1,000,000,000 with at most 6 decimals, got "${value}".`,
  billTooLarge: (planId: string, month: string) =>
    `plan "${planId}" would bill more than $9,007,199,254 in ${month}, beyond what can be billed exactly to the cent; check its prices`,
  unsafeOutputName: (name: string) =>
    `refusing to write ${JSON.stringify(name)}: a report file is named by a relative path of letters, digits, ".", "_" and "-" that stays inside the output folder`,

  // Limits (engine/limits.ts): each names the limit and the option that raises it.
  fieldTooLarge: (field: string, size: string, limit: string, option: string) =>
    `field "${field}" is ${size}, over the ${limit} limit (raise it with ${option})`,
  recordTooLarge: (size: string, limit: string, option: string) => `record is ${size}, over the ${limit} limit (raise it with ${option})`,
  headerTooLarge: (file: string, size: string, limit: string, option: string) =>
    `${file}:1: the header line is ${size}, over the ${limit} record limit (raise it with ${option}).`,
  headerCellTooLarge: (file: string, column: number, size: string, limit: string, option: string) =>
    `${file}:1: header cell ${column} is ${size}, over the ${limit} field limit (raise it with ${option}).`,
  tooDeep: (limit: number, option: string) => `nested more than ${limit} levels deep (arrays and objects; raise the limit with ${option})`,
  configTooDeep: (file: string, line: number | undefined, limit: number) =>
    `${file}${line ? `:${line}` : ''} nests lists and maps more than ${limit} levels deep, the limit for configuration files (they need fewer than 10).`,
  playbookSlowPattern: (limitMs: number, chars: number, option: string) =>
    `this pattern took over ${limitMs} ms on a test text of ${chars} characters (it backtracks catastrophically on text that almost matches); rewrite it, or raise the limit with ${option}`,
  badByteSize: (flag: string, value: string) =>
    `${flag} expects a size in bytes such as 4194304, 4MiB or 16MB (from 1 byte to 1 GiB), got "${value}".`,
  badLimit: (flag: string, value: string, expected: string) => `${flag} expects ${expected}, got "${value}".`,

  // Salesforce object CSVs (appended for the salesforce adapter).
  notSalesforceObject: (file: string, header: string[]) =>
    `${file}:1 is not a Salesforce object this adapter reads (Case, CaseComment, EmailMessage, LiveChatTranscript, MessagingSession, ConversationEntry, User): the header has ${headerCells(header)}; export objects with their API field names (Data Loader or Data Export), or pass --adapter generic-csv with --mapping.`,
};

interface Candidate {
  name: string;
  score: number;
  evidence: string[];
}

function describeCandidates(candidates: Candidate[]): string {
  return candidates
    .map((c) => `${c.name} ${Math.round(c.score * 100)}%${c.evidence.length ? ` matching ${c.evidence.map((e) => `"${e}"`).join(', ')}` : ''}`)
    .join('; ');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
