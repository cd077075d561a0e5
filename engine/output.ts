/**
 * The output folder, written atomically: everything goes to a temporary sibling folder which is
 * renamed over `--out` only when complete. An interrupted or failed run leaves the old report (or
 * nothing), never a folder that looks complete — and no temporary folder either: one still there
 * when the process exits (the interrupt's last-resort exit, engine/cli/main.ts) is removed then.
 */

import { createWriteStream, existsSync, renameSync, rmSync, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FolderSink, type Sink } from '../reports/sink.js';
import { bump, type Counts } from './aggregate/partial.js';
import { REJECTED_CSV_HEADER, type Rejection } from './ingest/rejection.js';
import { csvRow } from '../reports/csv.js';

/** This process's output folders that are open or mid-commit: tidied up synchronously if it exits first. */
const unfinished = new Set<OutputFolder>();
let exitHooked = false;

function tidyOnExit(folder: OutputFolder): void {
  if (!exitHooked) {
    exitHooked = true;
    process.on('exit', () => {
      for (const f of unfinished) f.tidySync();
    });
  }
  unfinished.add(folder);
}

export class OutputFolder {
  readonly target: string;
  readonly temp: string;
  /**
   * Where the report writes. Once the folder is discarded it refuses writes, and `discard` waits
   * for the writes under way: a report abandoned by an interrupt, still rendering, cannot
   * recreate the folder after it is removed.
   */
  readonly sink: Sink;
  private readonly folder: FolderSink;
  private readonly writing = new Set<Promise<void>>();
  private rejected?: WriteStream;
  /** What rejected.csv holds so far: records per code (summary.json's counts). */
  readonly rejectedByReason: Counts = {};
  /** The first record written to rejected.csv, named when every record was rejected. */
  firstRejection?: Rejection;
  /** open: being written; committing: between the renames; closed: committed or discarded. */
  private state: 'new' | 'open' | 'committing' | 'closed' = 'new';
  private readonly old: string;

  constructor(out: string) {
    this.target = resolve(out);
    this.temp = join(dirname(this.target), `.${basename(this.target)}.tmp-${process.pid}-${Date.now().toString(36)}`);
    this.old = `${this.temp}.old`;
    this.folder = new FolderSink(this.temp);
    this.sink = { write: (path, data) => this.write(path, data) };
  }

  async open(): Promise<void> {
    this.state = 'open';
    tidyOnExit(this);
    await mkdir(this.temp, { recursive: true });
    this.rejected = createWriteStream(join(this.temp, 'rejected.csv'));
    this.rejected.write(REJECTED_CSV_HEADER);
  }

  private write(path: string, data: string | Uint8Array): Promise<void> {
    if (this.state !== 'open') return Promise.reject(new Error(`the output folder ${this.temp} is closed`));
    const written = this.folder.write(path, data);
    const settled = written.then(
      () => undefined,
      () => undefined,
    );
    this.writing.add(settled);
    void settled.then(() => this.writing.delete(settled));
    return written;
  }

  /** Appends one rejection to rejected.csv (streamed: rejections are never held in memory). */
  reject(r: Rejection): void {
    this.rejected?.write(csvRow([r.file, String(r.line), r.id, r.code, r.reason]));
    bump(this.rejectedByReason, r.code);
    this.firstRejection ??= r;
  }

  private async closeRejected(): Promise<void> {
    const stream = this.rejected;
    this.rejected = undefined;
    if (stream) await new Promise<void>((done, fail) => stream.end((err?: Error | null) => (err ? fail(err) : done())));
  }

  /** Moves the finished folder into place, replacing an earlier report. */
  async commit(): Promise<void> {
    await this.closeRejected();
    await Promise.all(this.writing);
    this.state = 'committing';
    let hadOld = true;
    try {
      await rename(this.target, this.old);
    } catch {
      hadOld = false;
    }
    await rename(this.temp, this.target);
    this.state = 'closed';
    unfinished.delete(this);
    if (hadOld) await rm(this.old, { recursive: true, force: true });
  }

  /** Removes the temporary folder (on failure or interrupt); an earlier report at `--out` stays as it was. */
  async discard(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    await this.closeRejected().catch(() => {});
    await Promise.all(this.writing);
    await rm(this.temp, { recursive: true, force: true });
    unfinished.delete(this);
  }

  /**
   * The process is exiting with this folder unfinished: remove the temporary folder, and if the
   * exit fell between commit's two renames, put the earlier report back. Synchronous: it runs in
   * the 'exit' event.
   */
  tidySync(): void {
    if (this.state === 'committing' && !existsSync(this.target) && existsSync(this.old)) renameSync(this.old, this.target);
    rmSync(this.temp, { recursive: true, force: true });
    if (existsSync(this.target)) rmSync(this.old, { recursive: true, force: true });
  }
}
