// Links the codec modules of one build variant (docs/MODULE_SPLIT.md) and tells the core's link
// what it must hold and export for them:
//   node link-codec-modules.mjs <mt|st> <third-party prefix> <FFmpeg source tree> <out dir> <core objects...>
// The core objects (libwcw_core.a, bindings.cc.o) decide which libavcodec objects the core pulls
// in anyway. Each module of codec-modules.txt gets the libavcodec objects its components need
// beyond those (each module its own copy of objects several need), and the codec libraries they call.
// Writes into <out dir>:
//   webcodecs-<module>-<variant>.wasm  the modules (SIDE_MODULE), relinked only when their inputs change
//   webcodecs-<module>-simd-<variant>.wasm  the SIMD variant of a module with `simd:<library>` in the
//                                      table: that library's wasm SIMD build (lib/simd/, docs/SIMD.md)
//   core-link.rsp                      emcc arguments for the core's link: -sEXPORTED_FUNCTIONS with
//                                      every symbol a module imports, and the JS functions they call
//   codec-modules.json                 module -> file, components (scripts/core-support.mjs)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reorderPicStart } from './reorder-pic-start.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const [variant, prefix, ffmpegSource, outDir, ...coreObjects] = process.argv.slice(2);
if (!['mt', 'st'].includes(variant) || coreObjects.length === 0) {
  console.error('usage: link-codec-modules.mjs <mt|st> <prefix> <ffmpeg source> <out dir> <core objects...>');
  process.exit(2);
}
const lib = (name) => path.join(prefix, 'lib', `lib${name}.a`);
// The codec libraries FFmpeg's wrappers call, in link order; never linked into the core.
const codecLibraries = ['dav1d', 'opus', 'openh264', 'vpx', 'aom', 'vorbisenc', 'vorbis', 'ogg', 'mp3lame', 'z'].map(lib);
const variantFlags = variant === 'mt' ? ['-pthread'] : [];
const env = { ...process.env, NODE_PATH: '/usr/share/nodejs' };

/** The table: [{ name, components: [{ kind, name, symbol }], simd: [library names] }]. */
function readTable() {
  const symbolOf = {
    decoder: (n) => `ff_${n}_decoder`, encoder: (n) => `ff_${n}_encoder`, parser: (n) => `ff_${n}_parser`, bsf: (n) => `ff_${n}_bsf`,
    library: () => null, // a whole library the core calls (below)
  };
  const simd = (items) => items.filter((item) => item.startsWith('simd:')).map((item) => item.slice(5));
  return readFileSync(path.join(here, 'codec-modules.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [name, ...items] = line.trim().split(/\s+/);
      const components = items.filter((item) => !item.startsWith('simd:')).map((item) => {
        const [kind, component] = item.split(':');
        if (!symbolOf[kind]) throw new Error(`codec-modules.txt: unknown kind in ${item}`);
        return { kind, name: component, symbol: symbolOf[kind](component) };
      });
      return { name, components, simd: simd(items) };
    });
}

/**
 * Symbols of each object: Map(member -> { defined: Set, undefined: Set }) per archive or object.
 * `only`: 'functions' or 'data' keeps those definitions alone.
 */
function symbolsOf(file, only) {
  const members = new Map();
  const text = execFileSync('llvm-nm-14', ['-A', '-P', file], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  for (const line of text.split('\n')) {
    const m = /^(.*?)(?:\[(.+)\])?: (\S+) (\S)/.exec(line);
    if (!m) continue;
    const member = m[2] ?? path.basename(m[1]);
    if (!members.has(member)) members.set(member, { defined: new Set(), undefined: new Set() });
    const entry = members.get(member);
    const type = m[4];
    if (type === 'U') entry.undefined.add(m[3]);
    else if (type !== type.toLowerCase() || type === 'w') {
      const isFunction = type === 'T' || type === 'W' || type === 'w';
      if (!only || (only === 'functions') === isFunction) entry.defined.add(m[3]);
    }
  }
  return members;
}

const avcodec = symbolsOf(lib('avcodec'));
/** Symbol -> the libavcodec member that defines it (the first, as the linker takes it). */
const definedIn = new Map();
for (const [member, { defined }] of avcodec) for (const s of defined) if (!definedIn.has(s)) definedIn.set(s, member);

/** The libavcodec members reachable from `roots` (symbols), not entering `stop` (members). */
function closure(roots, stop = new Set()) {
  const members = new Set();
  const work = [...roots];
  while (work.length) {
    const member = definedIn.get(work.pop());
    if (!member || members.has(member) || stop.has(member)) continue;
    members.add(member);
    work.push(...avcodec.get(member).undefined);
  }
  return members;
}

// What the core needs of libavcodec for itself: from the core objects' undefined symbols, less
// what they define (the registry replaces allcodecs.o, parsers.o, bitstream_filters.o).
const coreDefined = new Set();
const coreUndefined = new Set();
for (const file of coreObjects) {
  for (const { defined, undefined: undef } of symbolsOf(file).values()) {
    defined.forEach((s) => coreDefined.add(s));
    undef.forEach((s) => coreUndefined.add(s));
  }
}
const registryMembers = new Set(['allcodecs.o', 'parsers.o', 'bitstream_filters.o']);
for (const s of coreDefined) definedIn.delete(s);
const table = readTable();

// Each module gets every libavcodec object its components need beyond the core's, even one
// another module has too (FFmpeg's FFT, sine windows, AAC tables, H.264's intra predictors for
// VP8...): each copy is hidden in its module, with its own static tables, and a page loads only
// the modules it uses. Moving shared objects into the core instead made every page pay for all
// of them (measured: the core 545 KB gzip with 28 such objects).
const coreOwn = closure([...coreUndefined].filter((s) => !coreDefined.has(s)), registryMembers);
const modules = table.map((m) => ({
  ...m,
  members: closure(m.components.filter((c) => c.symbol).map((c) => c.symbol), new Set([...coreOwn, ...registryMembers])),
  libraries: m.components.filter((c) => c.kind === 'library').map((c) => lib(c.name)),
}));

// Libraries src/ calls but that live in a module (swscale, libwebp, libjpeg-turbo: a page that
// decodes only audio needs none of them): the core imports what it calls of them, through a JS
// function per symbol that calls the module's export (core-imports.js, a --js-library). Only
// functions can be reached so; the module exports exactly those.
const libraryExports = new Map(); // module name -> the symbols of its libraries the core calls
const coreImports = [];
for (const m of modules) {
  const names = [];
  for (const library of m.libraries) {
    for (const { defined } of symbolsOf(library, 'functions').values()) {
      for (const s of defined) if (coreUndefined.has(s) && !coreDefined.has(s) && !names.includes(s)) names.push(s);
    }
    for (const { defined } of symbolsOf(library, 'data').values()) {
      for (const s of defined) if (coreUndefined.has(s) && !coreDefined.has(s)) throw new Error(`the core reads ${s}, data of ${path.basename(library)}: a module cannot give it`);
    }
  }
  libraryExports.set(m.name, names.sort());
  coreImports.push(...names);
}

const fileHash = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
// The objects taken out of libavcodec.a, in a directory named after the archive's contents (a
// rebuilt FFmpeg gets a fresh one; the others go).
const objectsDir = `objects-${fileHash(lib('avcodec')).slice(0, 16)}`;
mkdirSync(path.join(outDir, objectsDir), { recursive: true });
for (const dir of readdirSync(outDir)) if (dir.startsWith('objects-') && dir !== objectsDir) rmSync(path.join(outDir, dir), { recursive: true });
const objectPath = (member) => path.join(outDir, objectsDir, member);
const wanted = new Set(modules.flatMap((m) => [...m.members]));
const missing = [...wanted].filter((member) => !existsSync(objectPath(member)));
if (missing.length) execFileSync('llvm-ar-14', ['x', path.resolve(lib('avcodec')), ...missing], { cwd: path.join(outDir, objectsDir) });

/** A module's entry: registers its components with the core (src/codec_registry.h). */
function entrySource(m) {
  const byKind = (kind) => m.components.filter((c) => c.kind === kind);
  const codecs = [...byKind('decoder'), ...byKind('encoder')];
  const list = (type, items, ref) => `  static const ${type}* const list_${type}[] = {${items.map((c) => `${ref(c)}, `).join('')}NULL};`;
  return `// Generated by wasm-build/link-codec-modules.mjs for the module "${m.name}".
#include "libavcodec/avcodec.h"
#include "libavcodec/codec_internal.h"
#include "libavcodec/bsf_internal.h"
${codecs.map((c) => `extern const FFCodec ${c.symbol};`).join('\n')}
${byKind('parser').map((c) => `extern const AVCodecParser ${c.symbol};`).join('\n')}
${byKind('bsf').map((c) => `extern const FFBitStreamFilter ${c.symbol};`).join('\n')}
int wcw_register_codecs(const AVCodec* const*, const AVCodecParser* const*, const AVBitStreamFilter* const*);

// Called once, on the owner thread, right after the core loaded the module.
__attribute__((visibility("default"))) int wcw_module_entry(void) {
${[...codecs].map((c) => `  if (${c.symbol}.init_static_data) ${c.symbol}.init_static_data((FFCodec*)&${c.symbol});`).join('\n')}
${list('AVCodec', codecs, (c) => `&${c.symbol}.p`)}
${list('AVCodecParser', byKind('parser'), (c) => `&${c.symbol}`)}
${list('AVBitStreamFilter', byKind('bsf'), (c) => `&${c.symbol}.p`)}
  return wcw_register_codecs(list_AVCodec, list_AVCodecParser, list_AVBitStreamFilter);
}
`;
}

const emcc = (args) => execFileSync('emcc', args, { env, stdio: ['ignore', 'inherit', 'inherit'] });

/**
 * What a linked module asks of and gives to the core: its imports ({ module, field }) and
 * Emscripten's signature letters (e.g. 'iii') of each function it exports, by name.
 */
function moduleInterface(wasmFile) {
  const bytes = readFileSync(wasmFile);
  let p = 8;
  const leb = () => {
    let result = 0, shift = 0, byte;
    do { byte = bytes[p++]; result |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80);
    return result >>> 0;
  };
  const name = () => { const n = leb(); const text = bytes.subarray(p, p + n).toString('utf8'); p += n; return text; };
  const letter = { 0x7f: 'i', 0x7e: 'j', 0x7d: 'f', 0x7c: 'd' };
  const types = [];
  const functionTypes = []; // imported functions first, then defined ones
  const imports = [];
  const signatures = new Map();
  while (p < bytes.length) {
    const id = bytes[p++];
    const end = leb() + p;
    if (id === 1) {
      for (let n = leb(); n > 0; n--) {
        p++; // 0x60
        const params = Array.from({ length: leb() }, () => letter[bytes[p++]]);
        const results = Array.from({ length: leb() }, () => letter[bytes[p++]]);
        types.push((results[0] ?? 'v') + params.join(''));
      }
    } else if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        const module = name();
        const field = name();
        const kind = bytes[p++];
        if (kind === 0) functionTypes.push(leb());
        else if (kind === 1) { p++; const flags = leb(); leb(); if (flags & 1) leb(); }
        else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
        else if (kind === 3) p += 2;
        imports.push({ module, field });
      }
    } else if (id === 3) {
      for (let n = leb(); n > 0; n--) functionTypes.push(leb());
    } else if (id === 7) {
      for (let n = leb(); n > 0; n--) {
        const field = name();
        const kind = bytes[p++];
        const index = leb();
        if (kind === 0) signatures.set(field, types[functionTypes[index]]);
      }
    }
    p = end;
  }
  return { imports, signatures };
}

/**
 * Links module `m` into `file` with `libraries` (the codec libraries, in link order), unless
 * its inputs are those of the last link; then notes what it imports and exports.
 */
function linkModule(m, file, libraries, simd) {
  const out = path.join(outDir, file);
  const entry = path.join(outDir, objectsDir, `entry-${m.name}.c`);
  const members = [...m.members].sort();
  const source = entrySource(m);
  const key = createHash('sha256')
    .update([source, members.join(' '), members.map((member) => fileHash(objectPath(member))).join(' '), libraries.map(fileHash).join(' '),
      m.libraries.map(fileHash).join(' '), libraryExports.get(m.name).join(' '), variant, simd, readFileSync(new URL(import.meta.url)), readFileSync(new URL('./reorder-pic-start.mjs', import.meta.url))].join('\n'))
    .digest('hex');
  const stamp = `${out}.key`;
  if (!existsSync(out) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== key) {
    writeFileSync(entry, source);
    rmSync(stamp, { force: true });
    const t0 = Date.now();
    // -fvisibility=hidden: only wcw_module_entry is exported; the module's pointers to its own
    // functions are table-relative, valid on every thread (docs/MODULE_SPLIT.md §2).
    // -Bsymbolic: the module's references to its own symbols bind inside it, not through imports.
    // mt: -O1, the start function fixed (reorder-pic-start.mjs), then wasm-opt -O2, as the core.
    const simdFlags = simd ? ['-msimd128'] : [];
    emcc([variant === 'mt' ? '-O1' : '-O2', '-sSIDE_MODULE=2', '-sEXPORTED_FUNCTIONS=_wcw_module_entry', '-Wl,-Bsymbolic', '-fPIC', '-fvisibility=hidden', ...variantFlags, ...simdFlags,
      `-I${prefix}/include`, `-I${ffmpegSource}`, entry, ...members.map(objectPath), ...m.libraries, ...libraries,
      ...libraryExports.get(m.name).map((symbol) => `-Wl,--export=${symbol}`), '-o', out]);
    if (variant === 'mt') {
      reorderPicStart(out);
      execFileSync('wasm-opt', [out, '-O2', '--enable-threads', '--enable-bulk-memory', '--enable-mutable-globals', '--enable-sign-ext',
        ...(simd ? ['--enable-simd'] : []), '--strip-debug', '--strip-producers', '-o', out], { stdio: 'inherit' });
    }
    writeFileSync(stamp, key);
    console.log(`webcodecs-wasm: [${variant}] module ${file}: ${members.length} libavcodec objects, linked in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  // What the module defines itself it does not need from the core (weak C++ inline functions
  // that wasm-ld still routes through an import).
  const own = new Set(WebAssembly.Module.exports(new WebAssembly.Module(readFileSync(out))).map((e) => e.name));
  const { imports, signatures } = moduleInterface(out);
  for (const { module, field } of imports) if (['env', 'GOT.mem', 'GOT.func'].includes(module) && !own.has(field)) imported.add(field);
  for (const symbol of libraryExports.get(m.name)) coreImportSignatures.set(symbol, signatures.get(symbol));
}

const manifest = {};
const coreImportSignatures = new Map();
const imported = new Set();
for (const m of modules) {
  const file = `webcodecs-${m.name}-${variant}.wasm`;
  linkModule(m, file, codecLibraries, false);
  manifest[m.name] = { file, components: m.components.map((c) => `${c.kind}:${c.name}`) };
  if (m.simd.length) {
    // The same module with the listed libraries' SIMD builds in place of their scalar ones.
    const simdFile = `webcodecs-${m.name}-simd-${variant}.wasm`;
    const simdLibrary = (library) => path.join(prefix, 'lib', 'simd', path.basename(library));
    linkModule(m, simdFile, codecLibraries.map((library) => (m.simd.some((name) => library === lib(name)) ? simdLibrary(library) : library)), true);
    manifest[m.name].simdFile = simdFile;
  }
}

// Modules no longer in the table go.
const current = new Set(Object.values(manifest).flatMap((m) => [m.file, m.simdFile].filter(Boolean)));
for (const f of readdirSync(outDir)) {
  const file = f.replace(/\.key$/, '');
  if (file.endsWith(`-${variant}.wasm`) && !current.has(file)) rmSync(path.join(outDir, f));
}

// What Emscripten's runtime gives every module itself, not the core's exports.
const runtime = new Set(['memory', '__indirect_function_table', '__stack_pointer', '__memory_base', '__table_base']);
const needed = [...imported].filter((s) => !runtime.has(s) && !s.startsWith('invoke_')).sort();
// The core exports what its wasm defines (its objects, its libraries, Emscripten's libc and
// friends); what Emscripten implements in JS (e.g. __assert_fail) it includes in its glue
// instead, where modules find it too. Anything else is a link error now, not a trap later.
const emscripten = path.dirname(realpathSync(execFileSync('which', ['emcc'], { encoding: 'utf8' }).trim()));
const sysrootLibs = path.join(emscripten, 'cache/sysroot/lib/wasm32-emscripten/pic');
const wasmDefined = new Set();
const runtimeLibraries = readdirSync(sysrootLibs).filter((f) => /^lib(c|c\+\+|c\+\+abi|compiler_rt|dlmalloc|stubs|embind)(-mt)?(-noexcept)?\.a$/.test(f));
for (const file of [...runtimeLibraries.map((f) => path.join(sysrootLibs, f)), ...coreObjects, lib('avcodec'), lib('avutil'), lib('swresample')]) {
  for (const { defined } of symbolsOf(file).values()) defined.forEach((s) => wasmDefined.add(s));
}
const jsLibrary = new Set();
for (const f of readdirSync(path.join(emscripten, 'src')).filter((f) => /^library.*\.js$/.test(f))) {
  for (const m of readFileSync(path.join(emscripten, 'src', f), 'utf8').matchAll(/^ {2}([A-Za-z_][\w]*): function/gm)) jsLibrary.add(m[1]);
}
// wcw_codec_module_bytes: the core's glue reads modules' bytes with it (codec_module_loading.js).
const exports = [...needed.filter((s) => wasmDefined.has(s)), 'wcw_codec_module_bytes'];
const jsFunctions = needed.filter((s) => !wasmDefined.has(s) && jsLibrary.has(s));
const unresolved = needed.filter((s) => !wasmDefined.has(s) && !jsLibrary.has(s));
if (unresolved.length) throw new Error(`codec modules import what the core cannot give: ${unresolved.join(' ')}`);
writeFileSync(path.join(outDir, 'core-imports.js'), `// Generated by wasm-build/link-codec-modules.mjs: what the core calls in a codec module's
// libraries, each through the module's export once the module is loaded (js/codec_modules.ts
// loads it before any codec that needs it). The signatures let the core take a function's
// address (its setjmp-guarded libjpeg calls go through invoke_* with a table index).
mergeInto(LibraryManager.library, {
${coreImports.map((symbol) => `  ${symbol}: function () { return Module['_${symbol}'].apply(null, arguments); },\n  ${symbol}__sig: '${coreImportSignatures.get(symbol)}',`).join('\n')}
});
`);
writeFileSync(path.join(outDir, 'core-link.rsp'), [
  `--js-library=${path.join(outDir, 'core-imports.js')}`,
  `-sEXPORTED_FUNCTIONS=@${path.join(outDir, 'core-exports.txt')}`,
  `-sDEFAULT_LIBRARY_FUNCS_TO_INCLUDE=@${path.join(outDir, 'core-js-functions.txt')}`,
].join('\n') + '\n');
writeFileSync(path.join(outDir, 'core-exports.txt'), exports.map((s) => `_${s}`).join('\n') + '\n');
writeFileSync(path.join(outDir, 'core-js-functions.txt'), jsFunctions.join('\n') + '\n');
writeFileSync(path.join(outDir, 'codec-modules.json'), `${JSON.stringify(manifest, null, 1)}\n`);
console.log(`webcodecs-wasm: [${variant}] ${modules.length} codec modules; the core exports ${exports.length} symbols to them and includes ${jsFunctions.length} JS library functions`);
