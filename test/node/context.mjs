// Runs the page scenarios (test/browser/pages/scenarios.mjs) in Node against the package's ES module,
// which in Node is a ponyfill: it exports the classes and defines no globals until install().
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { fixturesDir } from '../browser/checks.mjs';

export const distEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/webcodecs-wasm.js');

/** Imports dist/webcodecs-wasm.js; fails with a clear message when it has not been built. */
export async function importPackage() {
  try {
    await fs.access(distEntry);
  } catch {
    throw new Error(`${distEntry} does not exist: run \`make build\` first`);
  }
  return import(pathToFileURL(distEntry).href);
}

/** The scenario context over the module's exports. */
export function nodeContext(mod) {
  const names = [
    'VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk', 'VideoFrame', 'AudioData',
    'VideoColorSpace', 'ImageDecoder', 'ImageTrack', 'ImageTrackList',
  ];
  const load = async (file) => {
    const buf = await fs.readFile(path.join(fixturesDir, file));
    return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  };
  return {
    api: Object.fromEntries(names.map((k) => [k, mod[k]])),
    native: null,
    load,
    loadJson: async (file) => JSON.parse(new TextDecoder().decode(await load(file))),
    testHooks: mod.__testHooks ?? null,
    env: { name: 'node' },
  };
}
