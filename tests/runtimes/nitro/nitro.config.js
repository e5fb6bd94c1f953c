// Workers compile only WebAssembly bundled as a module: Nitro's Cloudflare presets need its wasm
// support on. The node-server preset needs nothing.
export default defineNitroConfig({ compatibilityDate: '2026-04-01', experimental: { wasm: true } });
