import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';

it('output piped into a reader that stops early (`ticket-replay adapters | head -1`) ends quietly, not with a stack trace', async () => {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin', 'ticket-replay.js'), 'adapters'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // Read the first chunk, then close the pipe as `head` does.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(stderr).toBe('');
  expect(code).toBe(0);
});
