#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (built by `npm ci` through `prepare`).
import { main } from '../dist/engine/cli/main.js';

main(process.argv).then((code) => {
  process.exitCode = code;
});
