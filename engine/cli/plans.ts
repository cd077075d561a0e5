/**
 * `ticket-replay plans [file]`: the built-in catalogue as a table, or validate a plans file.
 */

import type { Command } from 'commander';
import { loadPlans, type Plan } from '../pricing/plans.js';
import type { CliContext } from './context.js';

/** The plan's price parameters in one short phrase (whatever its model names them). */
export function priceSummary(plan: Plan): string {
  const skip = new Set(['id', 'name', 'model', 'source', 'asOf', 'flags', 'description', 'notes']);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(plan)) {
    if (skip.has(key) || value === undefined) continue;
    parts.push(`${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return parts.join(' ');
}

export function plansTable(plans: Plan[]): string {
  const rows = plans.map((p) => [p.id, p.model, p.asOf ?? '', (p.flags ?? []).join(', '), p.name]);
  const head = ['id', 'model', 'as of', 'flags', 'name'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  for (const p of plans) out.push('', `${p.id}: ${priceSummary(p)}`, `  source: ${p.source ?? '(none given)'}`);
  return out.join('\n');
}

export function registerPlans(program: Command, cli: CliContext): void {
  program
    .command('plans')
    .description('print the built-in pricing catalogue, or validate a plans file')
    .argument('[file]', 'a plans file (JSON or YAML) to validate')
    .option('--json', 'print the (normalized) plans as JSON')
    .action((file: string | undefined, flags: { json?: boolean }) => {
      const plans = loadPlans(file);
      if (flags.json) cli.stdout(JSON.stringify(plans, null, 2));
      else cli.stdout(plansTable(plans));
      if (file) cli.stderr(`${file}: ${plans.length} valid plan${plans.length === 1 ? '' : 's'}.`);
    });
}
