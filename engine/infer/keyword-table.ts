/**
 * Keyword tables: a playbook's keywords kept beside it in a tab-separated file, one keyword per
 * line, for tables too long to read comfortably in YAML (the built-in playbook's learned keywords
 * run to tens of thousands of lines). The format is the simplest a spreadsheet can open:
 *
 *   intent<TAB>keyword<TAB>weight
 *   order-status<TAB>parcel<TAB>3.4
 *
 * A header line `intent	keyword	weight` comes first; `#` starts a comment line. Errors name the
 * file, the line and the column.
 */

import { readConfigText } from '../config.js';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';
import { MAX_KEYWORD_WORDS } from './keywords.js';
import { keywordWordCount } from './tokens.js';

export const KEYWORD_TABLE_HEADER = 'intent\tkeyword\tweight';
const MAX_WEIGHT = 20;

/**
 * A keyword table as plain parallel arrays, one entry per line: cheap to hold, to send to workers
 * and to index, where tens of thousands of object keys are not.
 */
export interface KeywordTable {
  /** Per line, the intent's id. */
  intent: string[];
  keyword: string[];
  weight: number[];
}

/**
 * Reads a keyword table. `intents` are the ids the playbook knows: a line naming another is an
 * error, as is a keyword listed twice for one intent.
 */
export function loadKeywordTable(file: string, intents: ReadonlySet<string>): KeywordTable {
  const text = readConfigText(file);
  const fail = (line: number, field: string, detail: string): never => {
    throw new ReplayError('CONFIG', messages.configInvalid(file, `line ${line}, field "${field}"`, detail), { file, line, field });
  };
  const table: KeywordTable = { intent: [], keyword: [], weight: [] };
  // Per intent, its keywords so far: a repeat is found without making an `intent + keyword` string per line.
  const seen = new Map<string, Set<string>>();
  let header = false;
  // A hand loop over the lines, not split() and forEach (it is on the way to the first ticket: about
  // 100k lines for the built-in playbook).
  for (let start = 0, line = 1; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end < text.length && end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    start = end + 1;
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    if (!header) {
      if (raw.trim() !== KEYWORD_TABLE_HEADER) fail(line, 'header', messages.keywordTableHeader());
      header = true;
      continue;
    }
    const cells = raw.split('\t');
    if (cells.length !== 3) fail(line, 'line', messages.keywordTableCells(cells.length));
    const [intent, keyword, weightText] = cells;
    if (!intents.has(intent)) fail(line, 'intent', messages.keywordTableIntent(intent));
    const words = keywordWordCount(keyword);
    if (words === 0 || words > MAX_KEYWORD_WORDS) fail(line, 'keyword', messages.playbookBadKeyword(words));
    const weight = Number(weightText);
    if (weightText.trim() === '' || !Number.isFinite(weight) || Math.abs(weight) > MAX_WEIGHT) fail(line, 'weight', messages.keywordTableWeight(weightText, MAX_WEIGHT));
    let keywords = seen.get(intent);
    if (!keywords) seen.set(intent, (keywords = new Set()));
    if (keywords.has(keyword)) fail(line, 'keyword', messages.keywordTableDuplicate(keyword, intent));
    keywords.add(keyword);
    table.intent.push(intent);
    table.keyword.push(keyword);
    table.weight.push(weight);
  }
  if (!header) fail(1, 'header', messages.keywordTableHeader());
  return table;
}
