// The platform globals the runtime pages' samples use (docs/deno.md, bun.md, supabase.md), as
// those runtimes declare them, reduced to what the samples touch: the samples compile against the
// Workers types, and the runtimes' own type packages would clash with them.
declare const Deno: {
  serve(handler: (request: Request) => Response | Promise<Response>): { finished: Promise<void> };
  env: { get(key: string): string | undefined };
};
declare const Bun: {
  serve(options: { port?: number; fetch: (request: Request) => Response | Promise<Response> }): { port: number };
};
