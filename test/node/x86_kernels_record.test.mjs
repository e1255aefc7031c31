// The recorded RTCD kernel choice of the encoders' SIMD builds (docs/SIMD.md §2,
// wasm-build/select-x86-kernels.mjs apply): put into the generated headers only when it was
// made for the source being built and names a kernel for every define; otherwise the headers
// stay as generated and the selection starts from the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = path.join(root, 'wasm-build/select-x86-kernels.mjs');
const marker = '// RTCD kernels chosen by webcodecs-wasm wasm-build/select-x86-kernels.mjs';

// As libvpx's rtcd.pl writes them: prototypes, C first and the best ISA last, then the define.
const generated = [
  '#ifndef VPX_DSP_RTCD_H_',
  '#define VPX_DSP_RTCD_H_',
  '',
  'void vpx_fdct8x8_c(const int16_t *input, tran_low_t *output, int stride);',
  'void vpx_fdct8x8_sse2(const int16_t *input, tran_low_t *output, int stride);',
  'void vpx_fdct8x8_ssse3(const int16_t *input, tran_low_t *output, int stride);',
  '#define vpx_fdct8x8 vpx_fdct8x8_ssse3',
  '',
  'unsigned int vpx_sad16x16_c(const uint8_t *src, int src_stride, const uint8_t *ref, int ref_stride);',
  'unsigned int vpx_sad16x16_sse2(const uint8_t *src, int src_stride, const uint8_t *ref, int ref_stride);',
  '#define vpx_sad16x16 vpx_sad16x16_sse2',
  '',
  '#endif',
  '',
].join('\n');

const heading = (source) => `# RTCD kernels for ${source}, chosen by wasm-build/select-x86-kernels.mjs`;

function apply(record) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wcw-kernels-'));
  try {
    const header = path.join(dir, 'vpx_dsp_rtcd.h');
    writeFileSync(header, generated);
    const time = new Date('2026-01-02T03:04:05Z');
    utimesSync(header, time, time);
    const recordFile = path.join(dir, 'libvpx.txt');
    if (record !== null) writeFileSync(recordFile, record);
    const log = execFileSync(process.execPath, [script, 'apply', dir, recordFile, 'libvpx-1.12.0-1+deb12u5'], { encoding: 'utf8' });
    return { text: readFileSync(header, 'utf8'), mtime: statSync(header).mtime.getTime(), time: time.getTime(), log };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a fitting record goes into the headers, marked as chosen, and the header keeps its time', () => {
  const r = apply([heading('libvpx-1.12.0-1+deb12u5'), 'vpx_fdct8x8 vpx_fdct8x8_sse2', 'vpx_sad16x16 vpx_sad16x16_c', ''].join('\n'));
  assert.match(r.text, /^#define vpx_fdct8x8 vpx_fdct8x8_sse2$/m);
  assert.match(r.text, /^#define vpx_sad16x16 vpx_sad16x16_c$/m);
  assert.ok(r.text.includes(marker));
  assert.equal(r.mtime, r.time);
  assert.match(r.log, /the 2 recorded .* applied/);
});

test('a record that does not fit leaves the headers as generated', () => {
  const cases = {
    'no record': null,
    'another source': [heading('libvpx-1.13.0-1'), 'vpx_fdct8x8 vpx_fdct8x8_sse2', 'vpx_sad16x16 vpx_sad16x16_c', ''].join('\n'),
    'a define missing': [heading('libvpx-1.12.0-1+deb12u5'), 'vpx_fdct8x8 vpx_fdct8x8_sse2', ''].join('\n'),
    'a kernel not listed': [heading('libvpx-1.12.0-1+deb12u5'), 'vpx_fdct8x8 vpx_fdct8x8_avx2', 'vpx_sad16x16 vpx_sad16x16_c', ''].join('\n'),
    'a define too many': [heading('libvpx-1.12.0-1+deb12u5'), 'vpx_fdct8x8 vpx_fdct8x8_sse2', 'vpx_sad16x16 vpx_sad16x16_c',
      'vpx_sad8x8 vpx_sad8x8_c', ''].join('\n'),
  };
  for (const [name, record] of Object.entries(cases)) {
    const r = apply(record);
    assert.equal(r.text, generated, name);
    assert.match(r.log, /selecting from the build/, name);
  }
});

test('the committed records are for the pinned sources', () => {
  const pins = Object.fromEntries(readFileSync(path.join(root, 'wasm-build/versions.env'), 'utf8')
    .split('\n').map((line) => /^(\w+)=(.*)$/.exec(line)).filter(Boolean).map((m) => [m[1], m[2]]));
  for (const [file, name] of [['libvpx.txt', 'LIBVPX'], ['aom.txt', 'AOM']]) {
    const first = readFileSync(path.join(root, 'wasm-build/x86-kernels', file), 'utf8').split('\n')[0];
    // fetch-sources.sh names a source directory <package>-<version, ':' as '_'>.
    assert.equal(first, heading(`${pins[`${name}_PKG`]}-${pins[`${name}_VERSION`].replaceAll(':', '_')}`), file);
  }
});
