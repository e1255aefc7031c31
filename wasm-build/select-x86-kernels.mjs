#!/usr/bin/env node
// Picks, for each function of libvpx's or libaom's RTCD headers, the best x86 kernel that is C
// all the way down (SSE2..SSE4.1 intrinsics, which Emscripten translates to wasm SIMD), and
// rebuilds the library until the choice is stable (docs/SIMD.md §2).
//   select-x86-kernels.mjs select <build dir> <record out> <source> <rebuild command...>
//   select-x86-kernels.mjs apply <build dir> <record> <source>
// select: the library has been built once; every *_rtcd.h under <build dir> is rewritten in
// place, and the settled choice (every define) is written to <record out>, headed by <source>
// (the fetched source's name and version).
// apply: before the first build, puts a record's choice into the generated headers, if it was
// made for <source>; then `select` only verifies it, and the library is built once instead of
// twice (the record is the choice a full selection makes of the same source: see
// wasm-build/x86-kernels/).
//
// The library is configured for x86 without runtime CPU detection, so each RTCD header says
// `#define vpx_foo vpx_foo_sse4_1`: the best kernel of the ISA. But many x86 kernels are
// assembly (built as empty objects here: it is not wasm), and some C kernels call assembly.
// A function is usable when every symbol it references (calls, addresses, GOT entries) is
// defined by usable code or data of the build, or lies outside the library (libc, pthreads).
// Each `#define` becomes the best usable kernel of its list, `_c` when none is. The objects are
// read with llvm-objdump (relocations per function) and llvm-nm (which names are local).
//
// In the first build, C code that calls an RTCD function through its macro references the
// kernel the original header named, maybe assembly; so in that round a reference from a
// function that is not itself an x86 kernel counts as one to whichever kernel will be chosen.
// x86 kernels also call each other by their own names, which are taken literally. Later rounds
// (marked headers) take every reference literally, and only ever demote.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [mode, dir, recordFile, source, ...rebuild] = process.argv.slice(2);
if (!(mode === 'select' && rebuild.length > 0) && !(mode === 'apply' && source)) {
  throw new Error('usage: select-x86-kernels.mjs select <build dir> <record out> <source> <rebuild command...>\n' +
    '       select-x86-kernels.mjs apply <build dir> <record> <source>');
}
const marker = '// RTCD kernels chosen by webcodecs-wasm wasm-build/select-x86-kernels.mjs';
const isa = /_(mmx|sse|sse2|sse3|ssse3|sse4_1|avx|avx2|avx512)$/;
// An unresolved name of the library's own (assembly left out), not of libc.
const libraryName = /^(vpx|vp8|vp9|aom|av1)_|_(mmx|sse|sse2|sse3|ssse3|sse4_1|avx|avx2|avx512)(_|$)/;

function walk(root, test, out = []) {
  for (const entry of readdirSync(root)) {
    const file = path.join(root, entry);
    if (statSync(file).isDirectory()) walk(file, test, out);
    else if (test(entry)) out.push(file);
  }
  return out;
}

const tool = (name, args) =>
  execFileSync(name, args, { encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] });

/** Every function of the objects with the names it references (locals made unique), and the data. */
function readObjects(objects) {
  const functions = new Map();
  const data = new Set();
  for (const object of objects) {
    const locals = new Set();
    const code = [];
    for (const line of tool('llvm-nm-14', [object]).split('\n')) {
      const m = /^[0-9a-f]*\s+([A-Za-z])\s+(\S+)$/.exec(line);
      if (!m || m[1] === 'U') continue;
      if (m[1] === m[1].toLowerCase()) locals.add(m[2]);
      if (m[1].toUpperCase() === 'T' || m[1].toUpperCase() === 'W') code.push(m[2]);
      else data.add(m[1] === m[1].toLowerCase() ? `${object}:${m[2]}` : m[2]);
    }
    const key = (name) => (locals.has(name) ? `${object}:${name}` : name);
    const tableRefs = []; // DATA relocations: a table of pointers may be read by any function
    let current = null;
    let section = 'CODE';
    for (const line of tool('llvm-objdump-14', ['-d', '-r', object]).split('\n')) {
      const header = /^[0-9a-f]+ <(.+)>:$/.exec(line);
      if (header && header[1] !== 'CODE') {
        current = { name: header[1], refs: [] };
        functions.set(key(header[1]), current);
        continue;
      }
      const records = /^RELOCATION RECORDS FOR \[(\w+)\]/.exec(line);
      if (records) { section = records[1]; continue; }
      const reloc = /R_WASM_\w+\s+(\S+?)(?:[+-]\d+)?$/.exec(line.trim());
      if (!reloc) continue;
      if (section === 'DATA') tableRefs.push(key(reloc[1]));
      else if (current && !records) current.refs.push(key(reloc[1]));
    }
    for (const name of code) functions.get(key(name))?.refs.push(...tableRefs);
  }
  return { functions, data };
}

/**
 * The greatest set of functions whose references resolve. `redirect` maps a kernel name to the
 * kernels of its RTCD function (first round only).
 */
function usableFunctions({ functions, data }, redirect) {
  const usable = new Set(functions.keys());
  const missing = new Set();
  const resolves = (from, ref) => {
    if (redirect.has(ref) && !isa.test(from)) return redirect.get(ref).some((k) => usable.has(k));
    if (usable.has(ref) || data.has(ref)) return true;
    if (functions.has(ref)) return false;
    const name = ref.slice(ref.lastIndexOf(':') + 1);
    if (libraryName.test(name)) { missing.add(name); return false; }
    return true;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const [key, fn] of functions) {
      if (usable.has(key) && !fn.refs.every((ref) => resolves(fn.name, ref))) {
        usable.delete(key);
        changed = true;
      }
    }
  }
  return { usable, missing };
}

/**
 * Calls `visit(fn, kernels, named)` for each `#define fn named` of an RTCD header, with the
 * kernels its prototypes list (C first, best last); a string it returns replaces the line.
 */
function eachDefine(text, visit) {
  const lines = text.split('\n');
  let kernels = [];
  for (let i = 0; i < lines.length; i++) {
    const proto = /^[\w\s*]+?\b(\w+)\(.*\);$/.exec(lines[i]);
    if (proto) { kernels.push(proto[1]); continue; }
    const define = /^#define (\w+) (\w+)$/.exec(lines[i]);
    if (define && kernels.includes(define[2])) {
      lines[i] = visit(define[1], kernels, define[2]) ?? lines[i];
      kernels = [];
    } else if (lines[i].trim() === '') kernels = [];
  }
  return lines.join('\n');
}

const readHeaders = () => walk(dir, (name) => name.endsWith('_rtcd.h')).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
const markHeader = (text) => (text.includes(marker) ? text : text.replace('\n', `\n${marker}\n`));
const recordHeading = `# RTCD kernels for ${source}, chosen by wasm-build/select-x86-kernels.mjs`;

/** One round: rewrites the headers from the objects built; true when the library must be rebuilt. */
function selectRound() {
  const headers = readHeaders();
  const firstRound = !headers.some(({ text }) => text.includes(marker));
  const redirect = new Map();
  if (firstRound) {
    for (const { text } of headers) eachDefine(text, (fn, kernels) => { for (const k of kernels) redirect.set(k, kernels); });
  }
  const objects = readObjects(walk(dir, (name) => name.endsWith('.o')));
  const { usable, missing } = usableFunctions(objects, redirect);

  const chosen = {};
  let changed = 0;
  for (const { file, text } of headers) {
    let rewritten = eachDefine(text, (fn, kernels, named) => {
      // A function the build compiles no kernel of (vp8's post-processing without a decoder) is
      // never called.
      if (!kernels.some((k) => objects.functions.has(k))) return undefined;
      // Later rounds only demote: a kernel given up stays given up, so the rounds end.
      const candidates = firstRound ? kernels : kernels.slice(0, kernels.indexOf(named) + 1);
      const best = candidates.findLast((k) => usable.has(k));
      if (!best) throw new Error(`${fn}: no usable kernel, not even ${fn}_c`);
      const kind = isa.exec(best)?.[1] ?? 'c';
      chosen[kind] = (chosen[kind] ?? 0) + 1;
      if (best !== named) changed++;
      return `#define ${fn} ${best}`;
    });
    rewritten = markHeader(rewritten);
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
  console.log(`RTCD kernels: ${JSON.stringify(chosen)}; ${changed} changed; ` +
    `${missing.size} assembly symbols out`);
  return changed > 0 || firstRound;
}

/** Every define of the headers, `function kernel`, sorted. */
function defines(headers) {
  const lines = [];
  for (const { text } of headers) eachDefine(text, (fn, kernels, named) => { lines.push(`${fn} ${named}`); });
  return lines.sort();
}

if (mode === 'apply') {
  const record = existsSync(recordFile) ? readFileSync(recordFile, 'utf8').split('\n') : [];
  if (record[0] !== recordHeading) {
    console.log(`RTCD kernels: no record for ${source} in ${recordFile}; selecting from the build`);
  } else {
    const choice = new Map(record.slice(1).filter((l) => l && !l.startsWith('#')).map((l) => l.split(' ')));
    // All or nothing: a header left as generated must go through the first round's selection.
    let total = 0;
    const rewritten = readHeaders().map(({ file, text }) => ({
      file,
      text: eachDefine(text, (fn, kernels) => {
        total++;
        const kernel = choice.get(fn);
        return kernel && kernels.includes(kernel) ? `#define ${fn} ${kernel}` : `#define ${fn} ?`;
      }),
    }));
    const unmatched = rewritten.reduce((n, { text }) => n + (text.match(/ \?$/gm)?.length ?? 0), 0);
    if (total === 0 || unmatched > 0 || total !== choice.size) {
      console.log(`RTCD kernels: the record ${recordFile} does not fit these headers ` +
        `(${total} defines, ${choice.size} recorded, ${unmatched} without a recorded kernel); selecting from the build`);
    } else {
      // Each header keeps its time: the build's dependency files, made with the headers, must
      // not look stale (libvpx's make would make them all again).
      for (const { file, text } of rewritten) {
        const { atime, mtime } = statSync(file);
        writeFileSync(file, markHeader(text));
        utimesSync(file, atime, mtime);
      }
      console.log(`RTCD kernels: the ${total} recorded in ${recordFile} applied; the build verifies them`);
    }
  }
} else {
  for (let round = 1; selectRound(); round++) {
    if (round === 5) throw new Error('the RTCD kernel choice did not settle in 5 rounds');
    execFileSync(rebuild[0], rebuild.slice(1), { stdio: 'inherit' });
  }
  writeFileSync(recordFile, [recordHeading, ...defines(readHeaders()), ''].join('\n'));
}
