// --post-js of a page's pthreads core (cmake/wasm.cmake). Its pthread Workers are started by
// js/transport/pthread_pool.ts as codecs are granted them, the first ones before this glue was
// even fetched (Module.preStartedWorkers), each already importing the glue
// (scripts/build-dist.mjs). They join Emscripten's pool and get the compiled module as soon as
// it is instantiated, as -sPTHREAD_POOL_SIZE's Workers would. A thread given a Worker that is
// still loading starts when it has loaded (spawnThread waits for its "loaded").
if (!ENVIRONMENT_IS_PTHREAD && Module['preStartedWorkers']) {
  addOnPreRun(function () {
    Module['preStartedWorkers'].forEach(function (worker) {
      PThread.unusedWorkers.push(worker);
      PThread.loadWasmModuleToWorker(worker);
    });
    Module['preStartedWorkers'] = null;
  });
}

// Workers added later are started by the loader too: its `new Worker(new URL(…))` is what
// bundlers rewrite, where Emscripten would build the worker script's URL itself.
if (!ENVIRONMENT_IS_PTHREAD && Module['startPthreadWorker']) {
  PThread.allocateUnusedWorker = function () {
    PThread.unusedWorkers.push(Module['startPthreadWorker']());
  };
}

// A thread gets a Worker that has loaded where one is idle: Emscripten takes the last one added,
// which may still be loading.
if (!ENVIRONMENT_IS_PTHREAD) {
  var getNewWorkerLastAdded = PThread.getNewWorker;
  PThread.getNewWorker = function () {
    var loaded = PThread.unusedWorkers.findIndex(function (worker) {
      return worker.loaded;
    });
    if (loaded >= 0) PThread.unusedWorkers.push(PThread.unusedWorkers.splice(loaded, 1)[0]);
    return getNewWorkerLastAdded.call(PThread);
  };
}
