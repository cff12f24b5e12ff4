// A stdio MCP server written with the official TypeScript SDK v2, as the spec allows: resource templates
// with several expressions (RFC 6570), such as documentation and source hosts publish, and a tool that logs
// while it runs (notifications/message, which stdio carries with no tie to a request). Nothing in it is
// shaped after the hub. Usage: node sdk-stdio-server.mjs
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';

const server = new McpServer({ name: 'sdk-stdio-server', version: '1.0.0' }, {
  capabilities: { tools: {}, resources: {}, logging: {} },
});
const read = (uri, vars) => ({ contents: [{ uri: uri.toString(), mimeType: 'application/json', text: JSON.stringify(vars) }] });
server.registerResource('doc', new ResourceTemplate('docs://{space}/{page}/{section}/view', { list: undefined }),
  { description: 'A section of a documentation page', mimeType: 'application/json' }, async (uri, vars) => read(uri, vars));
server.registerResource('file', new ResourceTemplate('repo://{owner}/{repo}/contents{/path*}', { list: undefined }),
  { description: 'A file in a repository', mimeType: 'application/json' }, async (uri, vars) => read(uri, vars));
server.registerTool('ping_back', { description: 'Answers pong' }, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
server.registerTool('log_three', { description: 'Logs three messages (debug, info, error), then answers' },
  async (ctx) => { // no inputSchema: the handler gets the request context alone
    for (const [level, data] of [['debug', 'starting'], ['info', 'working'], ['error', 'something went wrong']]) {
      await ctx.mcpReq.notify({ method: 'notifications/message', params: { level, logger: 'log_three', data } });
    }
    return { content: [{ type: 'text', text: 'logged three' }] };
  });
await server.connect(new StdioServerTransport());
console.error('sdk-stdio-server ready');
