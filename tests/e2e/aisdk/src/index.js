// The Vercel AI SDK 6 in a Worker, its telemetry going to edgespan through ctx.span.otelTracer():
// generateText and streamText with a tool, against a loopback fake of the OpenAI chat API.
import { Tracer } from 'edgespan';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
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
      const provider = createOpenAICompatible({ name: 'fake', baseURL: `${env.FAKE_OPENAI}/v1`, apiKey: 'sk-fake', includeUsage: true });
      const call = {
        model: provider('gpt-4o-mini'),
        prompt: 'What is the weather in Paris?',
        tools: { weather },
        stopWhen: stepCountIs(3),
        experimental_telemetry: { isEnabled: true, tracer: ctx.span.otelTracer() },
      };
      let text;
      if (path === '/generate') text = (await generateText(call)).text;
      else if (path === '/stream') text = await streamText(call).text;
      else return new Response('not found', { status: 404 });
      return Response.json({ text, traceId: ctx.span.traceId, rootSpanId: ctx.span.spanId });
    },
  },
  (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'aisdk-e2e' }),
);
