// The one workload every subject runs, in Node (compare.mjs) and in workerd (workerd.mjs): a root
// and 20 children, each child logging a 1 KiB input, a 512 B output and 4 metadata fields.
// `sdk` is an adapter from adapters/; `suffix` is appended to every span name (workerd.mjs tags
// the subject and phase there, to count losses per phase).
export const input = 'You are a helpful assistant. The user asks: "How do I flush spans?"\n'.repeat(16).slice(0, 1024);
export const output = 'Call ctx.waitUntil(tracer.flush()) at the end of every request. '.repeat(9).slice(0, 512);
export const meta = { model: 'gpt-4o-mini', temperature: 0.2, tokens_in: 812, tokens_out: 231 };

export function runRequest(sdk, suffix = '') {
  const root = sdk.root('request' + suffix);
  for (let i = 0; i < 20; i++) sdk.end(sdk.child(root, 'llm.call' + suffix, meta, input, output));
  sdk.end(root);
}
