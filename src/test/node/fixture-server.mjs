// Switchboard's dual-era fixture backend: the tools, resources and prompts the official MCP conformance
// suite expects, served with the TypeScript SDK v2 (`createMcpHandler`: 2026-07-28 natively, 2025-era
// traffic through the SDK's stateless legacy fallback). Usage: node fixture-server.mjs [port]
// Prints "fixture listening on <port>" once it accepts connections on 127.0.0.1.
// With "stdio" instead of a port, the same server is served over stdio by the SDK's stdio transport.
import http from 'node:http';
import {
  McpServer, ResourceTemplate, createMcpHandler, inputRequired,
  hostHeaderValidationResponse, localhostAllowedHostnames,
} from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod/v4';

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const WAV = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const text = (t) => ({ content: [{ type: 'text', text: t }] });

// Client input (sampling, elicitation) the 2026-07-28 way: answer input_required with the embedded
// request, and finish when the retry carries the client's answer under the same key. The SDK serves the
// same handler to 2025-era clients.
function askClient(ctx, key, request, describe) {
  const answer = ctx.mcpReq.inputResponses?.[key];
  if (answer === undefined) {
    return inputRequired({ inputRequests: { [key]: request } });
  }
  return describe(answer);
}

function elicitation(message, properties) {
  return { method: 'elicitation/create', params: { message, requestedSchema: { type: 'object', properties, required: [] } } };
}

function tools(server) {
  server.registerTool('test_simple_text', { description: 'Returns simple text' },
    async () => text('This is a simple text response for testing.'));
  server.registerTool('test_image_content', { description: 'Returns an image' },
    async () => ({ content: [{ type: 'image', data: PNG, mimeType: 'image/png' }] }));
  server.registerTool('test_audio_content', { description: 'Returns audio' },
    async () => ({ content: [{ type: 'audio', data: WAV, mimeType: 'audio/wav' }] }));
  server.registerTool('test_embedded_resource', { description: 'Returns an embedded resource' },
    async () => ({ content: [{ type: 'resource', resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' } }] }));
  server.registerTool('test_multiple_content_types', { description: 'Returns text, image and resource' },
    async () => ({ content: [
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: PNG, mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'test://mixed-content-resource', mimeType: 'application/json', text: JSON.stringify({ test: 'data', value: 123 }) } },
    ] }));
  server.registerTool('test_tool_with_logging', { description: 'Logs while running', inputSchema: z.object({}) },
    async (_args, ctx) => {
      for (const data of ['Tool execution started', 'Tool processing data', 'Tool execution completed']) {
        await ctx.mcpReq.notify({ method: 'notifications/message', params: { level: 'info', data } });
        await sleep(30);
      }
      return text('Tool with logging executed successfully');
    });
  server.registerTool('test_tool_with_progress', { description: 'Reports progress', inputSchema: z.object({}) },
    async (_args, ctx) => {
      const progressToken = ctx.mcpReq._meta?.progressToken ?? 0;
      for (const progress of [0, 50, 100]) {
        await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken, progress, total: 100, message: `Completed step ${progress} of 100` } });
        if (progress < 100) await sleep(30);
      }
      return text(String(progressToken));
    });
  server.registerTool('test_error_handling', { description: 'Always fails' }, async () => {
    throw new Error('This tool intentionally returns an error for testing');
  });
  server.registerTool('test_sampling', { description: 'Asks the client for a completion', inputSchema: z.object({ prompt: z.string() }) },
    async (args, ctx) => askClient(ctx, 'sample', { method: 'sampling/createMessage', params: { messages: [{ role: 'user', content: { type: 'text', text: args.prompt } }], maxTokens: 100 } },
      (r) => text(`LLM response: ${r?.content?.text ?? 'No response'}`)));
  server.registerTool('test_elicitation', { description: 'Asks the user', inputSchema: z.object({ message: z.string() }) },
    async (args, ctx) => askClient(ctx, 'answer', elicitation(args.message, { response: { type: 'string', description: "User's response" } }),
      (r) => text(`User response: action=${r.action}, content=${JSON.stringify(r.content || {})}`)));
  server.registerTool('test_elicitation_sep1034_defaults', { description: 'Elicitation with defaults', inputSchema: z.object({}) },
    async (_args, ctx) => askClient(ctx, 'defaults', elicitation('Please review the fields with defaults', {
      name: { type: 'string', default: 'John Doe' }, age: { type: 'integer', default: 30 }, score: { type: 'number', default: 95.5 },
      status: { type: 'string', enum: ['active', 'inactive', 'pending'], default: 'active' }, verified: { type: 'boolean', default: true },
    }), (r) => text(`Elicitation completed: action=${r.action}, content=${JSON.stringify(r.content || {})}`)));
  server.registerTool('test_elicitation_sep1330_enums', { description: 'Elicitation with enums', inputSchema: z.object({}) },
    async (_args, ctx) => askClient(ctx, 'enums', elicitation('Please select options', {
      untitledSingle: { type: 'string', enum: ['option1', 'option2', 'option3'] },
      titledSingle: { type: 'string', oneOf: [{ const: 'value1', title: 'First Option' }, { const: 'value2', title: 'Second Option' }, { const: 'value3', title: 'Third Option' }] },
      legacyEnum: { type: 'string', enum: ['opt1', 'opt2', 'opt3'], enumNames: ['Option One', 'Option Two', 'Option Three'] },
      untitledMulti: { type: 'array', minItems: 1, maxItems: 3, items: { type: 'string', enum: ['option1', 'option2', 'option3'] } },
      titledMulti: { type: 'array', minItems: 1, maxItems: 3, items: { anyOf: [{ const: 'value1', title: 'First Choice' }, { const: 'value2', title: 'Second Choice' }, { const: 'value3', title: 'Third Choice' }] } },
    }), (r) => text(`Elicitation completed: action=${r.action}, content=${JSON.stringify(r.content || {})}`)));
  server.registerTool('json_schema_2020_12_tool', {
    description: 'Tool with JSON Schema 2020-12 features',
    inputSchema: z.object({ name: z.string().optional(), address: z.object({ street: z.string().optional(), city: z.string().optional() }).optional() }),
  }, async (args) => text(`JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`));
  server.registerTool('slow_echo', { description: 'Echoes after a delay (for deadline tests)', inputSchema: z.object({ message: z.string(), ms: z.number() }) },
    async (args) => { await sleep(Math.min(args.ms, 60000)); return text(args.message); });
}

function resources(server) {
  server.registerResource('static-text', 'test://static-text', { description: 'Static text', mimeType: 'text/plain' },
    async () => ({ contents: [{ uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' }] }));
  server.registerResource('static-binary', 'test://static-binary', { description: 'Static binary', mimeType: 'image/png' },
    async () => ({ contents: [{ uri: 'test://static-binary', mimeType: 'image/png', blob: PNG }] }));
  server.registerResource('template', new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    { description: 'Template', mimeType: 'application/json' },
    async (uri, vars) => ({ contents: [{ uri: uri.toString(), mimeType: 'application/json', text: JSON.stringify({ id: vars.id, templateTest: true, data: `Data for ID: ${vars.id}` }) }] }));
  server.registerResource('watched-resource', 'test://watched-resource', { description: 'Watched', mimeType: 'text/plain' },
    async () => ({ contents: [{ uri: 'test://watched-resource', mimeType: 'text/plain', text: 'Watched resource content' }] }));
  server.server.setRequestHandler('resources/subscribe', async () => ({}));
  server.server.setRequestHandler('resources/unsubscribe', async () => ({}));
}

function prompts(server) {
  server.registerPrompt('test_simple_prompt', { description: 'No arguments' },
    async () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }] }));
  server.registerPrompt('test_prompt_with_arguments', { description: 'Two arguments', argsSchema: z.object({ arg1: z.string(), arg2: z.string() }) },
    async (a) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='${a.arg1}', arg2='${a.arg2}'` } }] }));
  server.registerPrompt('test_prompt_with_embedded_resource', { description: 'Embeds a resource', argsSchema: z.object({ resourceUri: z.string() }) },
    async (a) => ({ messages: [
      { role: 'user', content: { type: 'resource', resource: { uri: a.resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } } },
      { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
    ] }));
  server.registerPrompt('test_prompt_with_image', { description: 'Includes an image' },
    async () => ({ messages: [
      { role: 'user', content: { type: 'image', data: PNG, mimeType: 'image/png' } },
      { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
    ] }));
}

function createServer() {
  const server = new McpServer({ name: 'switchboard-fixture', version: '1.0.0' }, {
    capabilities: { tools: { listChanged: true }, resources: { subscribe: true, listChanged: true }, prompts: { listChanged: true }, logging: {}, completions: {} },
  });
  tools(server);
  resources(server);
  prompts(server);
  server.server.setRequestHandler('logging/setLevel', async () => ({}));
  server.server.setRequestHandler('completion/complete', async () => ({ completion: { values: [], total: 0, hasMore: false } }));
  return server;
}

if (process.argv[2] === 'stdio') {
  await createServer().connect(new StdioServerTransport());
  console.error('fixture serving stdio');
} else {
  serveHttp();
}

function serveHttp() {
const handler = createMcpHandler(() => createServer());
const allowedHosts = localhostAllowedHostnames();

async function toWebRequest(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = chunks.length ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  const ac = new AbortController();
  req.once('close', () => ac.abort());
  return new Request(`http://${req.headers.host ?? '127.0.0.1'}${req.url}`, {
    method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body, signal: ac.signal,
  });
}

const httpServer = http.createServer(async (req, res) => {
  try {
    const request = await toWebRequest(req);
    const response = hostHeaderValidationResponse(request, allowedHosts) ?? await handler.fetch(request);
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    if (!response.body) return res.end();
    for await (const chunk of response.body) res.write(chunk);
    res.end();
  } catch (e) {
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: String(e) } }));
  }
});
httpServer.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  console.log(`fixture listening on ${httpServer.address().port}`);
});
process.on('SIGTERM', () => { httpServer.close(); process.exit(0); });
}
