// The demo's build panel: which implementation runs each interface, which build of the core
// (threaded or not, SIMD or not), its threads, and the wasm the page has fetched.
import { runtimeInfo } from '/dist/webcodecs-wasm.js';

/** Interfaces whose global this page took from the package (the rest are the browser's own). */
export interface Installed {
  mode: 'polyfill' | 'native';
  polyfilled: string[];
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/** The .wasm files this page fetched, from Resource Timing (a Worker has its own timeline: the
 *  Worker build's core and modules are fetched there, and listed from runtimeInfo instead). */
function wasmFetched(): { files: number; bytes: number; network: number; coreMs: number | null } {
  const entries = performance.getEntriesByType('resource').filter((e) => new URL(e.name).pathname.endsWith('.wasm')) as PerformanceResourceTiming[];
  const core = entries.find((e) => /webcodecs-core-\w+\.wasm$/.test(e.name));
  return {
    files: entries.length,
    bytes: entries.reduce((sum, e) => sum + e.decodedBodySize, 0),
    network: entries.reduce((sum, e) => sum + e.transferSize, 0),
    coreMs: core ? core.responseEnd - core.startTime : null,
  };
}

/** The panel's rows now. */
export async function buildPanelRows(installed: Installed): Promise<Record<string, string>> {
  const rows: Record<string, string> = {};
  rows.implementation =
    installed.polyfilled.length === 0
      ? 'native WebCodecs of this browser'
      : installed.mode === 'polyfill'
        ? 'webcodecs-wasm for every interface'
        : `native, webcodecs-wasm for ${installed.polyfilled.join(', ')}`;
  if (installed.polyfilled.length === 0) return rows;
  const info = await runtimeInfo();
  rows.build = info.build === 'pthreads' ? 'threaded (pthreads; the page is cross-origin isolated)' : 'single-threaded, in one Worker (the page is not cross-origin isolated)';
  rows.SIMD = info.simd ? 'yes (the SIMD variants load)' : 'no (scalar modules)';
  if (info.threads) {
    rows.threads = `${info.threads.runningPthreads} running, ${info.threads.startedWorkers} pool Workers started, ${info.threads.cores} cores`;
  }
  rows.core = info.coreLoaded ? 'loaded' : 'not loaded yet (it loads on first use)';
  rows['codec modules'] = info.codecModules.length ? info.codecModules.join(', ') : 'none yet';
  const wasm = wasmFetched();
  if (wasm.files > 0) {
    const core = wasm.coreMs === null ? '' : `; the core's in ${wasm.coreMs.toFixed(0)} ms`;
    rows['wasm fetched'] = `${wasm.files} files, ${kib(wasm.bytes)} (${kib(wasm.network)} over the network)${core}`;
  } else if (info.build === 'worker' && info.coreLoaded) {
    rows['wasm fetched'] = 'by the Worker: the core and the codec modules above';
  }
  return rows;
}
