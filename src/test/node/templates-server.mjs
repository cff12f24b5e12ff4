// A stdio MCP server written with the official TypeScript SDK v2, as the spec allows: resource templates
// with several expressions (RFC 6570), such as documentation and source hosts publish. Nothing in it is
// shaped after the hub. Usage: node templates-server.mjs
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';

const server = new McpServer({ name: 'templates-server', version: '1.0.0' });
const read = (uri, vars) => ({ contents: [{ uri: uri.toString(), mimeType: 'application/json', text: JSON.stringify(vars) }] });
server.registerResource('doc', new ResourceTemplate('docs://{space}/{page}/{section}/view', { list: undefined }),
  { description: 'A section of a documentation page', mimeType: 'application/json' }, async (uri, vars) => read(uri, vars));
server.registerResource('file', new ResourceTemplate('repo://{owner}/{repo}/contents{/path*}', { list: undefined }),
  { description: 'A file in a repository', mimeType: 'application/json' }, async (uri, vars) => read(uri, vars));
server.registerTool('ping_back', { description: 'Answers pong' }, async () => ({ content: [{ type: 'text', text: 'pong' }] }));
await server.connect(new StdioServerTransport());
console.error('templates-server ready');
