// A 2025-era streamable HTTP server with sessions, written with the official TypeScript SDK (v1, the one
// server-everything is built on) the way its own examples do. Its tools reach the client the way the SDK
// does when a server calls server.request(...) or sends a notification without a related request id:
// on the session's standalone GET stream, not on the call's response stream. Nothing in it is shaped
// after the hub. Usage: node sdk-session-server.mjs <port>; prints "sdk-session-server listening on <port>".
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CreateMessageResultSchema } from '@modelcontextprotocol/sdk/types.js';

function createServer() {
  const server = new McpServer({ name: 'sdk-session-server', version: '1.0.0' }, { capabilities: { logging: {} } });
  server.registerTool('sample_unrelated', { description: 'Asks the client to sample, outside the call' }, async () => {
    const answer = await server.server.request({ method: 'sampling/createMessage', params: {
      messages: [{ role: 'user', content: { type: 'text', text: 'say hello' } }], maxTokens: 20 } },
      CreateMessageResultSchema);
    return { content: [{ type: 'text', text: `sampled: ${answer.content.text}` }] };
  });
  server.registerTool('log_unrelated', { description: 'Logs outside the call, then answers' }, async () => {
    await server.server.sendLoggingMessage({ level: 'warning', logger: 'session', data: 'from the GET stream' });
    await new Promise((r) => setTimeout(r, 200));
    return { content: [{ type: 'text', text: 'logged' }] };
  });
  return server;
}

const transports = new Map();
const port = Number(process.argv[2] ?? 3000);
http.createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
  const sid = req.headers['mcp-session-id'];
  let transport = sid ? transports.get(sid) : undefined;
  if (!transport) {
    if (sid || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null,
        error: { code: -32001, message: 'Session not found' } }));
      return;
    }
    transport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => transports.set(id, transport) });
    transport.onclose = () => transport.sessionId && transports.delete(transport.sessionId);
    await createServer().connect(transport);
  }
  await transport.handleRequest(req, res, body);
}).listen(port, '127.0.0.1', () => console.log(`sdk-session-server listening on ${port}`));
