/**
 * Where report files go. The pipeline hands the reports a sink over a temporary folder and
 * renames it into place only when every file is written (an interrupted run leaves nothing that
 * looks complete). Tests use MemorySink.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export interface Sink {
  /** Writes one file at a path relative to the output folder (`charts/monthly-cost.svg`). */
  write(path: string, data: string | Uint8Array): Promise<void>;
}

export class FolderSink implements Sink {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  async write(path: string, data: string | Uint8Array): Promise<void> {
    const target = resolve(join(this.root, path));
    // Output paths never escape the folder, whatever a chart or table is called.
    if (!target.startsWith(this.root + sep)) throw new Error(`refusing to write outside the output folder: ${path}`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
}

export class MemorySink implements Sink {
  readonly files = new Map<string, string | Uint8Array>();
  async write(path: string, data: string | Uint8Array): Promise<void> {
    this.files.set(path, data);
  }
  text(path: string): string {
    const data = this.files.get(path);
    if (data === undefined) throw new Error(`no file ${path} was written`);
    return typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  }
}
