/**
 * `ticket-replay adapters`: the adapters, how each is detected, and the mapping presets.
 */

import type { Command } from 'commander';
import { ADAPTERS } from '../../adapters/index.js';
import { loadMapping, mappingPresets } from '../../adapters/mapping.js';
import type { CliContext } from './context.js';

export function registerAdapters(program: Command, cli: CliContext): void {
  program
    .command('adapters')
    .description('the adapters and how each is detected')
    .action(() => {
      for (const a of ADAPTERS) {
        cli.stdout(`${a.name}\n  ${a.description}\n  detected by: ${a.detection}\n  export it:   ${a.exportHowTo}`);
      }
      const presets = mappingPresets();
      if (presets.length > 0) {
        cli.stdout('\nmapping presets for generic-csv (--mapping <name>):');
        for (const name of presets) cli.stdout(`  ${name.padEnd(26)} ${loadMapping(name).description ?? ''}`);
      }
    });
}
