#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (built by `npm ci` through `prepare`).
import { main } from '../dist/engine/cli/main.js';

// Output piped into a reader that stops early (`ticket-replay adapters | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv).then((code) => {
  process.exitCode = code;
});
