/**
 * The dedicated Worker that runs the single-threaded core for MessageTransport. It owns every
 * CodecSession of the page; codec work runs here one task per macrotask, so a reset or close
 * message is seen between two decodes.
 */

import type { FromWorker, ToWorker, WorkerOutput } from './worker_protocol';
import type { CoreFactory, CoreModule, CoreOutput, CoreSession } from './core_module';
import { RING_BYTES, heapView } from './core_module';
import { compileWasm, withCompiledWasm } from './wasm_compile';

interface SessionState {
  session: CoreSession;
  /** Messages the ring had no room for yet, oldest first. */
  backlog: ToWorker[];
  /** Control messages taken by the core (reported back for flow control). */
  consumed: number;
}

declare const self: DedicatedWorkerGlobalScope;

const sessions = new Map<number, SessionState>();
let core: CoreModule;
let heap: () => Uint8Array;
let runScheduled = false;
const inbox: ToWorker[] = [];

self.onmessage = (e: MessageEvent<ToWorker>) => {
  inbox.push(e.data);
  if (core) processInbox();
};

load().then(
  () => {
    post({
      op: 'ready',
      decoders: core.codecNames(false),
      encoders: core.codecNames(true),
      imageContainers: core.imageContainerNames(),
    });
    processInbox();
  },
  (e: unknown) => post({ op: 'failed', message: String(e) }),
);

async function load(): Promise<void> {
  const url = new URL('./webcodecs-core-st.mjs', import.meta.url);
  const wasm = new URL('./webcodecs-core-st.wasm', import.meta.url);
  // The wasm downloads and compiles while the glue loads (wasm_compile.ts).
  const compiled = compileWasm(wasm.href);
  compiled.catch(() => {}); // reported through withCompiledWasm
  const { default: factory } = (await import(/* webpackIgnore: true */ /* @vite-ignore */ url.href)) as {
    default: CoreFactory;
  };
  core = await withCompiledWasm(compiled, (settings) =>
    factory({ ...settings, locateFile: (path: string) => (path.endsWith('.wasm') ? wasm.href : new URL(path, url).href) }),
  );
  heap = heapView(core);
}

function processInbox(): void {
  for (const msg of inbox.splice(0)) {
    if (msg.op === 'log-level') {
      core.setLogLevel(msg.level);
      continue;
    }
    if (msg.op === 'counts') {
      post({ op: 'counts', counts: { sessions: core.liveSessionCount(), frames: core.liveFrameCount() } });
      continue;
    }
    if (msg.op === 'load-module') {
      const { file } = msg;
      const loaded = (error: string | null) =>
        post({ op: 'module-loaded', file, error, decoders: core.codecNames(false), encoders: core.codecNames(true) });
      core.loadCodecModule(file, new Uint8Array(msg.bytes), loaded);
      continue;
    }
    if (msg.op === 'open') {
      sessions.set(msg.id, { session: new core.CodecSession(msg.kind, RING_BYTES, msg.id), backlog: [], consumed: 0 });
      continue;
    }
    const state = sessions.get(msg.id);
    if (!state) continue;
    if (msg.op === 'reset') {
      state.session.reset(msg.discardBefore);
      state.consumed += state.backlog.length;
      state.backlog = [];
    } else if (msg.op === 'close') {
      state.session.delete();
      sessions.delete(msg.id);
    } else {
      state.backlog.push(msg);
    }
  }
  for (const state of sessions.values()) feed(state);
  scheduleRun();
}

/** Moves backlog messages into the session's ring while it has room. */
function feed(state: SessionState): void {
  while (state.backlog.length > 0 && submit(state.session, state.backlog[0])) {
    state.backlog.shift();
  }
}

function submit(session: CoreSession, msg: ToWorker): boolean {
  switch (msg.op) {
    case 'configure':
      return session.configure(msg.seq, { ...msg.config, threads: 1, lowDelay: msg.config.lowDelay ?? false });
    case 'flush':
      return session.flush(msg.seq);
    case 'input': {
      const ptr = session.reserveInput(msg.data.byteLength);
      if (ptr === 0) return false;
      heap().set(new Uint8Array(msg.data), ptr);
      session.commitInput(msg.seq, msg.timestamp, msg.duration, msg.key, msg.data.byteLength, 0);
      return true;
    }
    default:
      return true;
  }
}

// A message to ourselves is a task without setTimeout's 4 ms clamp for nested timers, which
// would cap small audio chunks at about 250 a second.
const runChannel = new MessageChannel();
runChannel.port1.onmessage = () => runOnce();

function scheduleRun(): void {
  if (runScheduled) return;
  runScheduled = true;
  runChannel.port2.postMessage(null);
}

/** One task per session, then outputs back to the owner; repeats while work remains. */
function runOnce(): void {
  runScheduled = false;
  let more = false;
  for (const [id, state] of sessions) {
    const ran = state.session.runPendingTasks(1);
    state.consumed += ran;
    feed(state);
    const outputs = drain(state.session);
    if (ran > 0 || outputs.length > 0) {
      const transfer = outputs.flatMap((o) => (o.data ? [o.data] : []));
      post({ op: 'outputs', id, outputs, consumed: state.consumed }, transfer);
    }
    if (ran > 0) more = true;
  }
  if (more) scheduleRun();
}

function drain(session: CoreSession): WorkerOutput[] {
  const outputs: WorkerOutput[] = [];
  for (let out = session.popOutput(); out !== null; out = session.popOutput()) {
    if (out.type === 'chunk') {
      const data = heap().slice(out.ptr, out.ptr + out.size).buffer;
      core.releaseFrame(out.handle);
      outputs.push({ ...out, data });
      continue;
    }
    outputs.push(out.type === 'frame' || out.type === 'audio' ? copyOut(out) : out);
  }
  return outputs;
}

/** Copies a decoded output's planes out of wasm memory and releases the core's frame. */
function copyOut(out: Extract<CoreOutput, { type: 'frame' | 'audio' }>): WorkerOutput {
  const total = out.planes.reduce((n, p) => n + p.size, 0);
  const data = new ArrayBuffer(total);
  const bytes = new Uint8Array(data);
  const memory = heap();
  let offset = 0;
  const planes = out.planes.map((p) => {
    bytes.set(memory.subarray(p.ptr, p.ptr + p.size), offset);
    const plane = { ptr: offset, stride: p.stride, size: p.size };
    offset += p.size;
    return plane;
  });
  core.releaseFrame(out.handle);
  return { ...out, planes, data };
}

function post(msg: FromWorker, transfer: Transferable[] = []): void {
  self.postMessage(msg, transfer);
}
