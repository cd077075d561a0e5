// `node --import ./test/helpers/record-imports.mjs …`: appends the URL of every module the process
// imports, one per line, to the file named by RECORD_IMPORTS (test/e2e/startup-imports.test.ts).
import { register } from 'node:module';

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.RECORD_IMPORTS, resolved.url + '\\n');
  return resolved;
}`)}`,
);
