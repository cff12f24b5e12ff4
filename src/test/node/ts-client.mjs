// Drives the hub with the official TypeScript SDK v2 client. Usage: node ts-client.mjs <url> <legacy|modern|auto> <tool> [json-args] [tag]
// (tag: how this client signs its answers to sampling requests, so tests can tell two clients apart)
// Prints one JSON line: { era, protocolVersion, tools, result, progress, elicited } and exits 0, or prints the error and exits 1.
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const [url, mode, tool, args, tag] = process.argv.slice(2);
const versionNegotiation = mode === 'modern' ? { mode: { pin: '2026-07-28' } } : mode === 'auto' ? { mode: 'auto' } : { mode: 'legacy' };
const client = new Client({ name: 'switchboard-ts-it', version: '1.0.0' },
  { capabilities: { elicitation: {}, sampling: {} }, versionNegotiation });
const sampled = [];
client.setRequestHandler('sampling/createMessage', async (request) => {
  sampled.push(request.params.messages?.[0]?.content?.text ?? '');
  return { model: 'switchboard-test', role: 'assistant', content: { type: 'text', text: `sampled by ${tag ?? 'ts'}` } };
});
const elicited = [];
client.setRequestHandler('elicitation/create', async (request) => {
  elicited.push(request.params.message);
  const content = { response: `yes from ts (${mode})` };
  const schema = request.params.requestedSchema ?? {};
  if ((schema.required ?? []).includes('name')) content.name = `ts-${tag ?? mode}`; // server-everything's form
  for (const key of Object.keys(content)) if (schema.properties && !(key in schema.properties)) delete content[key];
  return { action: 'accept', content };
});
const progress = [];
try {
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  const tools = (await client.listTools()).tools.map((t) => t.name);
  const result = await client.callTool({ name: tool, arguments: JSON.parse(args ?? '{}') },
    { onprogress: (p) => progress.push(p.progress), timeout: 20000 });
  console.log(JSON.stringify({ era: client.getProtocolEra() ?? null, protocolVersion: client.getNegotiatedProtocolVersion() ?? null, tools, result, progress, elicited, sampled }));
  await client.close();
  process.exit(0);
} catch (e) {
  console.log(JSON.stringify({ error: String(e?.message ?? e), code: e?.code ?? null }));
  process.exit(1);
}
