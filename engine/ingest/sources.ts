/**
 * Inputs as sources: plain files, the files of a folder, and the entries of a .zip, each with a
 * name for messages and a way to open its raw bytes as a stream (a zip is read entry by entry,
 * never unpacked to disk or memory).
 */

import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ReplayError } from '../errors.js';
import { messages } from '../messages.js';

export interface Source {
  /** `tickets.csv`, `export/Case.csv`, `export.zip:Case.csv`. */
  name: string;
  open(): Promise<Readable>;
  /** Its size in bytes, where known before reading (sharded runs cut files by bytes). */
  size?: number;
}

const INPUT_EXTENSIONS = /\.(csv|tsv|txt|json|ndjson|jsonl)$/i;

function fileSource(path: string, size: number): Source {
  return { name: path, size, open: async () => createReadStream(path) };
}

async function zipSources(path: string): Promise<Source[]> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true });
  } catch (err) {
    throw new ReplayError('INPUT', messages.fileUnreadable(path, `not a readable zip archive (${(err as Error).message})`), { file: path });
  }
  const names: string[] = [];
  const sizes = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/') && INPUT_EXTENSIONS.test(entry.fileName) && !/(^|\/)(__MACOSX|\.)/.test(entry.fileName)) {
        names.push(entry.fileName);
        sizes.set(entry.fileName, entry.uncompressedSize);
      }
      zip.readEntry();
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return names.sort().map((entryName) => ({
    name: `${path}:${entryName}`,
    size: sizes.get(entryName),
    open: () => openZipEntry(path, entryName),
  }));
}

async function openZipEntry(path: string, entryName: string): Promise<Readable> {
  const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: true });
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName !== entryName) return zip.readEntry();
      zip.openReadStreamPromise(entry).then(resolve, reject);
    });
    zip.on('end', () => reject(new Error(`${entryName} is missing from ${path}`)));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** Sources for the inputs: each file, a folder's matching files in name order, a zip's entries. */
export async function expandInputs(paths: string[]): Promise<Source[]> {
  const sources: Source[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch {
      throw new ReplayError('INPUT', messages.fileNotFound(path), { file: path });
    }
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => INPUT_EXTENSIONS.test(n) || /\.zip$/i.test(n)).sort();
      sources.push(...(await expandInputs(names.map((n) => join(path, n)))));
    } else if (/\.zip$/i.test(path)) sources.push(...(await zipSources(path)));
    else sources.push(fileSource(path, info.size));
  }
  return sources;
}
