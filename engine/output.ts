/**
 * The output folder, written atomically: everything goes to a temporary sibling folder which is
 * renamed over `--out` only when complete. An interrupted or failed run leaves the old report (or
 * nothing), never a folder that looks complete.
 */

import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { FolderSink } from '../reports/sink.js';
import { REJECTED_CSV_HEADER, type Rejection } from './ingest/rejection.js';
import { csvRow } from '../reports/csv.js';

export class OutputFolder {
  readonly target: string;
  readonly temp: string;
  readonly sink: FolderSink;
  private rejected?: WriteStream;

  constructor(out: string) {
    this.target = resolve(out);
    this.temp = join(dirname(this.target), `.${basename(this.target)}.tmp-${process.pid}-${Date.now().toString(36)}`);
    this.sink = new FolderSink(this.temp);
  }

  async open(): Promise<void> {
    await mkdir(this.temp, { recursive: true });
    this.rejected = createWriteStream(join(this.temp, 'rejected.csv'));
    this.rejected.write(REJECTED_CSV_HEADER);
  }

  /** Appends one rejection to rejected.csv (streamed: rejections are never held in memory). */
  reject(r: Rejection): void {
    this.rejected!.write(csvRow([r.file, String(r.line), r.id, r.code, r.reason]));
  }

  private async closeRejected(): Promise<void> {
    const stream = this.rejected;
    this.rejected = undefined;
    if (stream) await new Promise<void>((done, fail) => stream.end((err?: Error | null) => (err ? fail(err) : done())));
  }

  /** Moves the finished folder into place, replacing an earlier report. */
  async commit(): Promise<void> {
    await this.closeRejected();
    const old = `${this.temp}.old`;
    let hadOld = true;
    try {
      await rename(this.target, old);
    } catch {
      hadOld = false;
    }
    await rename(this.temp, this.target);
    if (hadOld) await rm(old, { recursive: true, force: true });
  }

  /** Removes the temporary folder (on failure or interrupt). */
  async discard(): Promise<void> {
    await this.closeRejected().catch(() => {});
    await rm(this.temp, { recursive: true, force: true });
  }
}
