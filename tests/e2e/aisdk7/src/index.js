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

// Privacy: tracers of their own, each sending to the collector in protobuf, JSON and Braintrust
// logs3 rows. One records no prompts; one masks e-mail addresses; one has a mask that throws.
let privateTracers;
function privacyTracers(env) {
  const exporters = [
    { endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` },
    { endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/json/v1/traces`, protocol: 'json' },
    { endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/logs3`, format: 'logs3', projectId: 'p1' },
  ];
  const said = [];
  privateTracers ??= {
    said,
    noInputs: new Tracer({ exporters, serviceName: 'private', recordInputs: false }),
    masked: new Tracer({ exporters, serviceName: 'private', mask: (text) => text.replace(/[\w.+-]+@[\w-]+\.[\w.]+/g, '<email>') }),
    throwing: new Tracer({ exporters, serviceName: 'private', mask: () => { throw new Error('mask broke'); }, onDiagnostic: (m) => said.push(m) }),
  };
  return privateTracers;
}

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
      else if (path === '/session') {
        // The call's runtime context (AI SDK 7) names the conversation and the user: included in
        // telemetry by the call, recorded by the integration (`runtimeContext: true`).
        const integration = new OpenTelemetry({ tracer: ctx.span.otelTracer(), runtimeContext: true });
        const r = await generateText({ ...call, runtimeContext: { sessionId: 'conv-7', userId: 'user-7' }, telemetry: { integrations: [integration], includeRuntimeContext: { sessionId: true, userId: true } } });
        value = r.text;
      } else if (path.startsWith('/private/')) {
        const which = path.slice('/private/'.length);
        const tracers = privacyTracers(env);
        const root = tracers[which].startTrace('private request', { traceAttributes: { userId: 'user-1' } });
        const prompt = 'What is the weather in Paris? Mail it to bob@example.com';
        const r = await generateText({ ...call, prompt, telemetry: { integrations: [new OpenTelemetry({ tracer: root.otelTracer() })] } });
        root.log({ input: prompt, output: r.text + ' (sent to bob@example.com)' });
        root.traced('manual llm', (s) => s.logLLM({ model: 'gpt-4o-mini', inputMessages: [{ role: 'user', content: prompt }], outputMessages: [{ role: 'assistant', content: 'ok, alice@example.org' }], usage: { inputTokens: 9, outputTokens: 2 } }));
        root.setAttribute('gen_ai.tool.call.arguments', JSON.stringify({ to: 'carol@example.net' }));
        ctx.waitUntil(root.finish());
        return Response.json({ value: r.text, said: tracers.said, traceId: root.traceId, rootSpanId: root.spanId });
      } else if (path === '/__health') return new Response('ok');
      else return new Response('not found', { status: 404 });
      return Response.json({ value, traceId: ctx.span.traceId, rootSpanId: ctx.span.spanId });
    },
  },
  (env) => ({ endpoint: `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`, serviceName: 'aisdk7-e2e' }),
);
