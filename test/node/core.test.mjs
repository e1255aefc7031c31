// The wasm core itself (build/wasm-mt, the Node build), below the WebCodecs API: each script runs
// in its own process because it drives the embind surface directly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const core = path.resolve(here, '../../build/wasm-mt/webcodecs-core-mt-node.cjs');

function runScript(name, ...args) {
  const r = spawnSync(process.execPath, ['--no-experimental-fetch', path.join(here, name), core, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `${name} failed:\n${r.stdout}\n${r.stderr}`);
}

test('core: load, decode H.264 through onCodecWake/popOutput, tear down without leaks', () => runScript('core_smoke.mjs'));

test('core: a wake-up never runs inside a core call; 200 decodes give ffmpeg\'s frames in order', () =>
  runScript('core_reentrancy.mjs', '200'));
