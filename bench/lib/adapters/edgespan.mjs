// edgespan through its public API, as a user writes it.
import { Tracer } from 'edgespan';

export function make(endpoint, variant = 'protobuf') {
  const opts = { endpoint, serviceName: 'bench' };
  if (variant === 'json') opts.protocol = 'json';
  if (variant === 'gzip') opts.compression = 'gzip';
  const t = new Tracer(opts);
  return {
    root: (name) => t.startSpan(name),
    child: (p, name, meta, input, output) => {
      const s = p.startSpan(name);
      s.log({ input, output, metadata: meta });
      return s;
    },
    end: (s) => s.end(),
    flush: () => t.flush(),
    // For the leak check: the wasm linear memory, which the JS heap figure does not see.
    wasmBytes: () => t._memoryBytes(),
  };
}
