// The Vercel AI SDK 7 in a Worker: each call takes its own telemetry integration,
// `new OpenTelemetry({ tracer: ctx.span.otelTracer() })` from @ai-sdk/otel, so its spans nest
// under the request's root with no global registration and no AsyncLocalStorage. generateText and
// streamText with a tool, generateObject and embed, against a loopback fake of the OpenAI API.
import { Tracer } from 'edgespan';
import { embed, generateObject, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { OpenTelemetry } from '@ai-sdk/otel';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';

const weather = tool({
  description: 'The weather in a city',
  inputSchema: jsonSchema({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
  execute: async ({ city }) => ({ city, celsius: 21 }),
});

export default Tracer.instrument(
  {
    async fetch(request, env, ctx) {
      const path = new URL(request.url).pathname;
      const provider = createOpenAICompatible({ name: 'fake', baseURL: `${env.FAKE_LLM}/v1`, apiKey: 'sk-fake', includeUsage: true });
      const telemetry = { integrations: [new OpenTelemetry({ tracer: ctx.span.otelTracer() })] };
      const call = { model: provider('gpt-4o-mini'), prompt: 'What is the weather in Paris?', tools: { weather }, stopWhen: stepCountIs(3), telemetry };
      let value;
      if (path === '/generate') value = (await generateText(call)).text;
      else if (path === '/stream') value = await streamText(call).text;
      else if (path === '/object') {
        const schema = jsonSchema({ type: 'object', properties: { city: { type: 'string' }, celsius: { type: 'number' } }, required: ['city', 'celsius'] });
        value = (await generateObject({ model: provider('gpt-4o-mini'), schema, prompt: 'Weather in Paris as JSON', telemetry })).object;
      } else if (path === '/embed') value = (await embed({ model: provider.embeddingModel('text-embedding-3-small'), value: 'Paris', telemetry })).embedding.length;
      else if (path === '/__health') return new Response('ok');
      else return new Response('not found', { status: 404 });
      return Response.json({ value, traceId: ctx.span.traceId, rootSpanId: ctx.span.spanId });
    },
  },
  (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'aisdk7-e2e' }),
);
