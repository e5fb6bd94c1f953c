// The Vercel AI SDK 6 in a Worker, its telemetry going to edgespan through ctx.span.otelTracer():
// generateText and streamText with a tool, against a loopback fake of the OpenAI chat API. With
// ALS set (wrangler.als.toml, nodejs_compat), otelContextManager() is registered with
// @opentelemetry/api, so the AI SDK's context.active()/context.with() carry edgespan's current span:
// the tool's own model call (a wrapped Workers AI binding, no parent given) nests under its span.
import { Tracer, otelContextManager, wrapWorkersAI } from 'edgespan';
import { context } from '@opentelemetry/api';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';

const ai = { run: async (model) => ({ response: '21', usage: { prompt_tokens: 3, completion_tokens: 1 }, model }) };

function weather(env) {
  return tool({
    description: 'The weather in a city',
    inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
    execute: async ({ city }) => {
      if (env.ALS) await wrapWorkersAI(ai).run('@cf/meta/llama-3.1-8b-instruct', { prompt: `Weather in ${city}?` });
      return { city, celsius: 21 };
    },
  });
}

let registered = false;

export default Tracer.instrument(
  {
    async fetch(request, env, ctx) {
      if (env.ALS && !registered) registered = context.setGlobalContextManager(otelContextManager());
      const path = new URL(request.url).pathname;
      const provider = createOpenAICompatible({ name: 'fake', baseURL: `${env.FAKE_OPENAI}/v1`, apiKey: 'sk-fake', includeUsage: true });
      const call = {
        model: provider('gpt-4o-mini'),
        prompt: 'What is the weather in Paris?',
        tools: { weather: weather(env) },
        stopWhen: stepCountIs(3),
        experimental_telemetry: { isEnabled: true, tracer: ctx.span.otelTracer() },
      };
      let text;
      if (path === '/generate') text = (await generateText(call)).text;
      else if (path === '/stream') text = await streamText(call).text;
      else return new Response('not found', { status: 404 });
      return Response.json({ text, traceId: ctx.span.traceId, rootSpanId: ctx.span.spanId, registered });
    },
  },
  (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'aisdk-e2e' }),
);
