// Starts the figure worker (the first figure of a link with parameters, before the player
// loads: crates/web/src/figure_worker.rs), the wiretrace-figure binary that trunk builds
// with wasm-bindgen's no-modules target; started as figure-worker.js?zh, the Chinese one
// (wiretrace-figure-zh). Paths are relative to this script.
var build = self.location.search === "?zh" ? "./wiretrace-figure-zh" : "./wiretrace-figure";
importScripts(build + ".js");
// A run that needs more memory than the worker's heap gives (figure_worker::heap::MAX)
// stops the wasm: that is an answer too, no figure, and not an error to report.
self.onerror = function (message) {
  postMessage({ none: "the worker stopped: " + message });
  return true;
};
// A wasm that cannot start (missing, or not the glue's build) rejects here, not as an error.
wasm_bindgen({ module_or_path: build + "_bg.wasm" }).catch(function (e) {
  postMessage({ none: "the worker could not start: " + e });
});
