// The codec libraries' own log: silent by default (the library's reason goes into the error's
// message instead), on the console when setCodecLogLevel() asks. Each case runs in a process of
// its own (codec_log_child.mjs), so that exactly what reaches stdout and stderr is seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distEntry, importPackage } from './context.mjs';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'codec_log_child.mjs');
const FFMPEG_LINE = /\[aac @ 0x[0-9a-f]+\] Prediction is not allowed in AAC-LC/;

function decodeCorruptAac(...level) {
  const r = spawnSync(process.execPath, [child, distEntry, ...level], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [line, ...rest] = r.stdout.split('\n').filter(Boolean);
  return { error: JSON.parse(line), stdout: rest.join('\n'), stderr: r.stderr };
}

test('by default nothing reaches stdout or stderr; the error says what the library said', () => {
  const { error, stdout, stderr } = decodeCorruptAac();
  assert.equal(error.name, 'EncodingError');
  assert.match(error.message, /\(aac: Prediction is not allowed in AAC-LC\)$/);
  assert.equal(stdout, '');
  assert.equal(stderr, '');
});

test("setCodecLogLevel('error') puts FFmpeg's error lines on stderr", () => {
  const { error, stderr } = decodeCorruptAac('error');
  assert.equal(error.name, 'EncodingError');
  assert.match(stderr, FFMPEG_LINE);
});

test("setCodecLogLevel('quiet') is the default", () => {
  assert.equal(decodeCorruptAac('quiet').stderr, '');
});

test('setCodecLogLevel() takes only its levels', async () => {
  const { setCodecLogLevel } = await importPackage();
  for (const bad of ['loud', '', 'toString', undefined, 32]) assert.throws(() => setCodecLogLevel(bad), TypeError, String(bad));
  setCodecLogLevel('quiet');
});
