// --post-js of the core (cmake/wasm.cmake). Emscripten 3.1.6's dlopen normalises a library's
// name as a file path, which turns "https://host/x.wasm" into "https:/host/x.wasm" (a path on
// the page's own host). The codec modules are loaded by URL (js/codec_modules.ts), so the
// scheme's "//" is put back before the glue fetches one: on the owner thread (readAsync) and in
// pool workers, which fetch each module synchronously when a thread syncs (readBinary).
function codecModuleUrl(name) {
  return name.replace(/^(https?|file|blob):\/(?!\/)/, '$1://');
}
if (readAsync) {
  var readAsyncOfPath = readAsync;
  readAsync = function (url, onload, onerror) {
    return readAsyncOfPath(codecModuleUrl(url), onload, onerror);
  };
}
if (readBinary) {
  var readBinaryOfPath = readBinary;
  readBinary = function (url) {
    return readBinaryOfPath(codecModuleUrl(url));
  };
}
