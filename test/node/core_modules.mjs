// Links codec modules into a Node core the way js/codec_modules.ts does, for the scripts that
// drive the embind surface directly: one at a time, from codec-modules/ beside the core.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Loads the modules named (every module when `names` is omitted) into core `M`. */
export async function loadCodecModules(M, corePath, names) {
  const dir = path.join(path.dirname(corePath), 'codec-modules');
  const modules = JSON.parse(readFileSync(path.join(dir, 'codec-modules.json'), 'utf8'));
  for (const name of names ?? Object.keys(modules)) {
    await new Promise((resolve, reject) => {
      const { file } = modules[name];
      M.loadCodecModule(file, readFileSync(path.join(dir, file)), (error) => (error === null ? resolve() : reject(new Error(`${name}: ${error}`))));
    });
  }
}
