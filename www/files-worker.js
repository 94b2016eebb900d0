// Starts the file worker (capture import, pcap export): the wiretrace-files binary that
// trunk builds with wasm-bindgen's no-modules target. Paths are relative to this script.
importScripts("./wiretrace-files.js");
wasm_bindgen({ module_or_path: "./wiretrace-files_bg.wasm" });
