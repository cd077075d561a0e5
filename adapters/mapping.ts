/**
 * Column mappings for generic-csv (SPEC "Mapping files"): which header holds which canonical
 * field, how the file names its channels, its date order and zone, and which columns become tags.
 * `--mapping <name>` loads a preset shipped in datasets/mappings/.
 */

import { existsSync, readdirSync } from 'node:fs';
import { z } from 'zod';
import { loadConfigFile, validateConfig } from '../engine/config.js';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';
import { datasetPath } from '../engine/paths.js';
import { CHANNELS, type Channel } from '../engine/ticket.js';
import type { DateOrder } from './time.js';
import type { MessageColumn } from './message-columns.js';
import { GENERIC_COLUMNS, type GenericColumn } from './generic-csv-format.js';

/** The canonical fields a mapping can name: the generic-csv columns, and `updated_at` (kept for de-duplication). */
export const CANONICAL_FIELDS = [...GENERIC_COLUMNS, 'updated_at'] as const;
export type CanonicalField = GenericColumn | 'updated_at';

const MappingSchema = z.strictObject({
  description: z.string().optional(),
  columns: z.partialRecord(z.enum(CANONICAL_FIELDS), z.string().min(1)).default({}),
  channels: z.record(z.string(), z.enum(CHANNELS)).default({}),
  dateOrder: z.enum(['ymd', 'mdy', 'dmy']).optional(),
  tz: z.string().optional(),
  tagColumns: z.array(z.string().min(1)).default([]),
  messages: z
    .array(z.strictObject({
      column: z.string().min(1),
      format: z.enum(['text', 'jira-comment', 'servicenow-journal']).default('text'),
      public: z.boolean().default(true),
    }))
    .default([]),
});

export interface Mapping {
  /** Where it came from (file path or `preset:<name>`). */
  origin: string;
  /** One line saying what export it reads. */
  description?: string;
  columns: Partial<Record<CanonicalField, string>>;
  /** Lower-cased file value → canonical channel. */
  channels: Record<string, Channel>;
  dateOrder: DateOrder;
  /** False when the mapping left `dateOrder` to detection. */
  dateOrderGiven: boolean;
  tz?: string;
  tagColumns: string[];
  /** Columns holding message threads (every column with the header, by position). */
  messages: MessageColumn[];
}

/** The preset names shipped in datasets/mappings/. */
export function mappingPresets(): string[] {
  const dir = datasetPath('mappings');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .map((f) => f.replace(/\.(ya?ml|json)$/, ''))
    .sort();
}

/** Loads `--mapping`: a JSON/YAML file, or the name of a preset. */
export function loadMapping(nameOrFile: string): Mapping {
  let file = nameOrFile;
  if (!existsSync(file)) {
    const preset = ['yaml', 'yml', 'json'].map((ext) => datasetPath('mappings', `${nameOrFile}.${ext}`)).find(existsSync);
    if (!preset || /[/\\]/.test(nameOrFile)) {
      throw new ReplayError('CONFIG', messages.unknownMappingPreset(nameOrFile, mappingPresets()), { file: nameOrFile });
    }
    file = preset;
  }
  const spec = validateConfig(MappingSchema, loadConfigFile(file));
  const channels: Record<string, Channel> = {};
  for (const [value, channel] of Object.entries(spec.channels)) channels[value.trim().toLowerCase()] = channel;
  return { origin: file, description: spec.description, columns: spec.columns, channels, dateOrder: spec.dateOrder ?? 'mdy', dateOrderGiven: spec.dateOrder !== undefined, tz: spec.tz, tagColumns: spec.tagColumns, messages: spec.messages };
}
