// Launches the Switchboard bridge as a stdio MCP server with the TypeScript SDK v2 and calls one tool.
// Usage: node ts-stdio-client.mjs '<["java","-cp",...,"connect",url]>' <legacy|modern> <tool> [json-args] [cancel-after-ms]
// Prints one JSON line: { era, protocolVersion, tools, result, elicited, cancelled, ms } and exits 0, or the error and exits 1.
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const [commandJson, mode, tool, args, cancelAfter] = process.argv.slice(2);
const [command, ...commandArgs] = JSON.parse(commandJson);
const versionNegotiation = mode === 'modern' ? { mode: { pin: '2026-07-28' } } : { mode: 'legacy' };
const client = new Client({ name: 'switchboard-ts-stdio-it', version: '1.0.0' },
  { capabilities: { elicitation: {} }, versionNegotiation });
const elicited = [];
client.setRequestHandler('elicitation/create', async (request) => {
  elicited.push(request.params.message);
  return { action: 'accept', content: { ok: true } };
});
const started = Date.now();
try {
  await client.connect(new StdioClientTransport({ command, args: commandArgs, stderr: 'inherit' }));
  const firstAnswerMs = Date.now() - started;
  const tools = (await client.listTools()).tools.map((t) => t.name);
  let result = null;
  let cancelled = false;
  if (cancelAfter) {
    const controller = new AbortController();
    setTimeout(() => controller.abort('the user pressed stop'), Number(cancelAfter));
    try {
      await client.callTool({ name: tool, arguments: JSON.parse(args ?? '{}') }, { signal: controller.signal, timeout: 30000 });
    } catch (e) {
      cancelled = controller.signal.aborted;
    }
  } else {
    result = await client.callTool({ name: tool, arguments: JSON.parse(args ?? '{}') }, { timeout: 20000 });
  }
  console.log(JSON.stringify({ era: client.getProtocolEra() ?? null, protocolVersion: client.getNegotiatedProtocolVersion() ?? null,
    tools, result, elicited, cancelled, firstAnswerMs }));
  await client.close();
  process.exit(0);
} catch (e) {
  console.log(JSON.stringify({ error: String(e?.message ?? e), code: e?.code ?? null }));
  process.exit(1);
}
