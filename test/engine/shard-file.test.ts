import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeShardFile, type ShardFile } from '../../engine/shard.js';
import { tempDir } from '../helpers/run-cli.js';

describe('writeShardFile', () => {
  it('leaves no temporary file when the partial cannot be put in place', async () => {
    const dir = tempDir('shard-file-');
    // A folder where the partial should go: the final rename fails.
    mkdirSync(join(dir, 'part.json'));
    writeFileSync(join(dir, 'part.json', 'x'), 'x');
    await expect(writeShardFile(join(dir, 'part.json'), {} as ShardFile)).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['part.json']);
  });

  it('writes the partial whole', async () => {
    const dir = tempDir('shard-file-');
    await writeShardFile(join(dir, 'part.json'), { format: 'x' } as unknown as ShardFile);
    expect(readdirSync(dir)).toEqual(['part.json']);
  });
});
