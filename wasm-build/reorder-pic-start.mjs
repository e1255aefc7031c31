// Post-link fix for the pthreads build's core and codec modules (MAIN_MODULE and SIDE_MODULE
// with shared memory): cmake/wasm.cmake, link-codec-modules.mjs.
//   node reorder-pic-start.mjs <module.wasm>
// wasm-ld 14 (Debian 12's Emscripten 3.1.6) gives such a module a start function that calls
// __wasm_init_memory, which copies the data segments and applies the data relocations, and then
// __wasm_apply_global_relocs, which sets the internal GOT globals. But relocations of pointers to
// default-visibility symbols (e.g. embind's arrays of &typeid(T)) read those globals: they are
// written before the globals are set, so such pointers lack the module's memory base until
// something rewrites them (measured: embind's type lists off by 1024, every binding unbound).
// Setting globals touches no memory, so the fix is to call it first. The start function must be
// exactly the two calls; anything else is an error (a toolchain that changed this layout).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Rewrites `file`'s start function in place; returns the two function indices, swapped. */
export function reorderPicStart(file) {
const bytes = readFileSync(file);
let p = 8;
const leb = () => {
  let result = 0, shift = 0, byte;
  do { byte = bytes[p++]; result |= (byte & 0x7f) << shift; shift += 7; } while (byte & 0x80);
  return result >>> 0;
};
const skipName = () => { const n = leb(); p += n; };

let importedFunctions = 0;
let start;
let code;
let globalRelocs;
let initMemory;
while (p < bytes.length) {
  const id = bytes[p++];
  const size = leb();
  const end = p + size;
  if (id === 2) {
    for (let count = leb(); count > 0; count--) {
      skipName(); skipName();
      const kind = bytes[p++];
      if (kind === 0) { leb(); importedFunctions++; }
      else if (kind === 1) { p++; const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
      else if (kind === 3) p += 2;
    }
  } else if (id === 8) {
    start = leb();
  } else if (id === 10) {
    code = p;
  }
  p = end;
}
if (start === undefined || code === undefined) throw new Error(`${file}: no start function`);
p = code;
const count = leb();
for (let i = 0; i < count; i++) {
  const size = leb();
  const body = p;
  if (i + importedFunctions === start) {
    // locals: none; then `call a; call b; end`.
    const locals = leb();
    const first = p;
    const ops = [];
    while (p < body + size) {
      const op = bytes[p++];
      if (op === 0x0b && p === body + size) break;
      if (op !== 0x10) throw new Error(`${file}: start function is not two calls (opcode ${op})`);
      ops.push({ at: p, index: leb(), end: p });
    }
    if (locals !== 0 || ops.length !== 2) throw new Error(`${file}: start function is not two calls`);
    [initMemory, globalRelocs] = ops;
    const a = bytes.subarray(first, initMemory.end);
    const b = bytes.subarray(initMemory.end, globalRelocs.end);
    const swapped = Buffer.concat([b, a]);
    swapped.copy(bytes, first);
    writeFileSync(file, bytes);
    return [globalRelocs.index, initMemory.index];
  }
  p = body + size;
}
throw new Error(`${file}: start function body not found`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [first, second] = reorderPicStart(process.argv[2]);
  console.log(`webcodecs-wasm: ${process.argv[2]}: start function now calls function ${first} before ${second}`);
}
