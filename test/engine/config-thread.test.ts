import { describe, expect, it } from 'vitest';
import { loadConfigInThread } from '../../engine/config-thread.js';
import { ReplayError } from '../../engine/errors.js';
import { loadPlaybook } from '../../engine/infer/playbook.js';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from '../../engine/options.js';
import { fromWorkerData } from '../../engine/replay/task.js';
import { configOptions, loadConfig } from '../../engine/run-config.js';

const fixture = (name: string) => new URL(`../fixtures/playbooks/${name}`, import.meta.url).pathname;
const options = (over: Partial<RunOptions> = {}): RunOptions => ({ ...DEFAULT_RUN_OPTIONS, ...over });

/** What loadConfig throws on this thread, for comparison. */
function errorHere(opts: RunOptions): ReplayError {
  try {
    loadConfig(configOptions(opts));
  } catch (err) {
    return err as ReplayError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfigInThread', () => {
  it('gives the main thread the config without the keyword table, and the workers all of it', async () => {
    const { config, playbook, workerData } = await loadConfigInThread(options({ seed: 7 }));
    expect(config.playbook.keywordTable).toBeUndefined();
    expect(config.plans.length).toBeGreaterThan(0);
    const here = loadPlaybook();
    expect(here.keywordTable!.keyword.length).toBeGreaterThan(10_000);
    // The workers' bytes hold the very playbook loadPlaybook gives on this thread, table included.
    const worker = fromWorkerData(workerData);
    expect(worker.playbook).toEqual(JSON.parse(JSON.stringify(here)));
    expect(worker.seed).toBe(7);
    expect(worker.plans).toEqual(config.plans);
    expect(playbook.keywords).toBeGreaterThan(here.keywordTable!.keyword.length);
    expect(workerData.playbookJson).toBeInstanceOf(SharedArrayBuffer);
  });

  it.each([
    ['a bad regex', 'bad-regex.yaml'],
    ['a keyword table with a bad weight', 'keywords-bad-weight.yaml'],
    ['a duplicate intent id', 'duplicate-id.yaml'],
  ])('fails on %s with the same typed error, code and location as loading here', async (_, file) => {
    const opts = options({ playbook: fixture(file) });
    const expected = errorHere(opts);
    const err = await loadConfigInThread(opts).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ReplayError);
    const got = err as ReplayError;
    expect({ code: got.code, message: got.message, file: got.file, line: got.line, field: got.field }).toEqual({
      code: expected.code, message: expected.message, file: expected.file, line: expected.line, field: expected.field,
    });
  });

  it('fails with INTERRUPTED when the run is interrupted first', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(loadConfigInThread(options(), controller.signal)).rejects.toMatchObject({ code: 'INTERRUPTED' });
  });

  it('stops the thread when interrupted while it loads', async () => {
    const controller = new AbortController();
    const loading = loadConfigInThread(options(), controller.signal);
    controller.abort();
    await expect(loading).rejects.toMatchObject({ code: 'INTERRUPTED' });
  });
});
