/**
 * Where report files go. The pipeline hands the reports a sink over a temporary folder and
 * renames it into place only when every file is written (an interrupted run leaves nothing that
 * looks complete). Tests use MemorySink.
 *
 * Every file name is checked before anything is written, by both sinks: report file names are
 * the tool's own (`charts/monthly-cost.svg`), but should one ever be built from a plan id, a tag
 * or an intent, `../../x`, `/etc/x`, `..\x` or a NUL could otherwise write outside `--out`.
 */

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { ReplayError } from '../engine/errors.js';
import { messages } from '../engine/messages.js';

export interface Sink {
  /** Writes one file at a path relative to the output folder (`charts/monthly-cost.svg`). */
  write(path: string, data: string | Uint8Array): Promise<void>;
}

/** One name between slashes: letters, digits, `.`, `_`, `-`; not `.` or `..`. */
const SEGMENT = /^[A-Za-z0-9._-]+$/;

/**
 * True for a report file name: a relative path of safe names joined by `/`, so it stays inside
 * the output folder on every system (no `..`, no root, no drive, no backslash, no NUL).
 *
 * @example isSafeOutputName('charts/monthly-cost.svg') // true; isSafeOutputName('../x') // false
 */
export function isSafeOutputName(path: string): boolean {
  const segments = path.split('/');
  return segments.every((s) => SEGMENT.test(s) && s !== '.' && s !== '..');
}

/** Throws a ReplayError('OUTPUT') naming `path` unless it is a safe report file name. */
export function checkOutputName(path: string): void {
  if (!isSafeOutputName(path)) throw new ReplayError('OUTPUT', messages.unsafeOutputName(path));
}

export class FolderSink implements Sink {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  async write(path: string, data: string | Uint8Array): Promise<void> {
    checkOutputName(path);
    const target = resolve(join(this.root, path));
    // Belt and braces: whatever the name check lets through must still land inside the folder.
    if (!target.startsWith(this.root + sep)) throw new ReplayError('OUTPUT', messages.unsafeOutputName(path));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }
}

export class MemorySink implements Sink {
  readonly files = new Map<string, string | Uint8Array>();
  async write(path: string, data: string | Uint8Array): Promise<void> {
    checkOutputName(path);
    this.files.set(path, data);
  }
  text(path: string): string {
    const data = this.files.get(path);
    if (data === undefined) throw new Error(`no file ${path} was written`);
    return typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  }
}
