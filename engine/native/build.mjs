// Builds the heap trimmer (heap-trim.c, used by engine/heap.ts) with node-gyp: package.json's
// `install` script, so `npm ci` builds it. ticket-replay runs without it, with more memory at its
// peak (README, "Performance"), so a machine that cannot build it gets a warning, not a failed install;
// .ci/run and test/engine/heap.test.ts insist on it where it can be built (Linux with glibc).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const addon = join(here, 'build', 'Release', 'heap_trim.node');
const shown = relative(process.cwd(), addon) || addon;

if (process.platform !== 'linux') {
  console.log(`ticket-replay: heap trimmer not built (it trims glibc's heap, and this is ${process.platform}); runs work the same`);
  process.exit(0);
}

// Under npm, node-gyp is on the PATH (npm's own copy, with npm's header settings); run directly,
// npm tells where its copy is through npm_config_node_gyp when it can.
const gyp = process.env.npm_config_node_gyp;
const [command, args] = gyp ? [process.execPath, [gyp]] : ['node-gyp', []];
const r = spawnSync(command, [...args, 'rebuild', '--directory', here], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
if (r.status === 0 && existsSync(addon)) {
  console.log(`ticket-replay: heap trimmer built (${shown})`);
} else {
  // node-gyp ends with its own version lines: the reason is in the first of its error lines.
  const errors = `${r.stderr}\n${r.stdout}`.split('\n').filter((l) => /ERR!|error/i.test(l) && !/ERR! (node -v|node-gyp -v|not ok|cwd|command|System|stack\s+at)/.test(l));
  const why = r.error ? `${r.error.message} (node-gyp comes with npm: run this through \`npm ci\` or \`npm run install\`)` : errors.slice(0, 2).map((l) => l.trim()).join(' / ') || `node-gyp exited with ${r.status}`;
  console.warn(`ticket-replay: WARNING: the heap trimmer (engine/native/heap-trim.c) did not build, so large runs will peak about 60 MiB higher: ${why}`);
}
