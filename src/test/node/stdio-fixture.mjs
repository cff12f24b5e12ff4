// A deliberately misbehaving stdio MCP server (2025-era, hand-written so it can misbehave on purpose).
// Usage: node stdio-fixture.mjs <ok|garbage|hang|flood|noversion|stubborn>
//   ok:      answers initialize, tools/list and tools/call (echo, pid)
//   garbage: the same, but prints non-JSON lines to stdout between answers (a stray debug print)
//   hang:    answers initialize and tools/list, never answers tools/call
//   flood:   answers initialize and tools/list; on tools/call writes lines that are not JSON-RPC, without end
//   floodline: the same, but one line without end (no line break at all)
//   stubborn: answers like ok, but neither the end of its stdin nor SIGTERM makes it exit
// With STDIO_FIXTURE_EXIT_LOG set, it appends to that file how it was asked to stop ("stdin closed", "SIGTERM").
//   noversion: answers initialize without protocolVersion, and with serverInfo and instructions of the wrong type
// In every mode the tool `grow` adds a tool named `extra` and announces it with notifications/tools/list_changed.
import { createInterface } from 'node:readline';
import { appendFileSync } from 'node:fs';

const mode = process.argv[2] ?? 'ok';
const send = (m) => process.stdout.write(JSON.stringify(m) + '\n');
const tools = [
  { name: 'echo', description: 'Echoes', inputSchema: { type: 'object', properties: { message: { type: 'string' } } } },
  { name: 'pid', description: 'Which process answered', inputSchema: { type: 'object' } },
  { name: 'grow', description: 'Adds the tool extra', inputSchema: { type: 'object' } },
];
createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.id === undefined) return; // notifications
  if (mode === 'garbage') process.stdout.write(`debug: got ${m.method}\nnot json either {\n`);
  switch (m.method) {
    case 'initialize':
      if (mode === 'noversion') {
        return send({ jsonrpc: '2.0', id: m.id, result: { capabilities: { tools: {} }, serverInfo: 7, instructions: {} } });
      }
      return send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: '2025-11-25', capabilities: { tools: {} },
        serverInfo: { name: 'stdio-fixture', version: '1' } } });
    case 'tools/list':
      return send({ jsonrpc: '2.0', id: m.id, result: { tools } });
    case 'tools/call':
      if (mode === 'hang') return;
      if (mode === 'flood' || mode === 'floodline') {
        const junk = 'x'.repeat(64 * 1024) + (mode === 'flood' ? '\n' : '');
        const more = () => { while (process.stdout.write(junk)); process.stdout.once('drain', more); };
        return more();
      }
      if (m.params.name === 'grow') {
        if (!tools.some((t) => t.name === 'extra')) tools.push({ name: 'extra', description: 'New', inputSchema: { type: 'object' } });
        send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: 'grown' }] } });
        return send({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
      }
      if (m.params.name === 'pid') return send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: String(process.pid) }] } });
      return send({ jsonrpc: '2.0', id: m.id, result: { content: [{ type: 'text', text: m.params.arguments?.message ?? '' }] } });
    default:
      return send({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: `Method not found: ${m.method}` } });
  }
});
const told = (how) => process.env.STDIO_FIXTURE_EXIT_LOG && appendFileSync(process.env.STDIO_FIXTURE_EXIT_LOG, how + '\n');
process.stdin.on('end', () => told('stdin closed'));
process.on('SIGTERM', () => { told('SIGTERM'); if (mode !== 'stubborn') process.exit(143); });
if (mode === 'stubborn') setInterval(() => {}, 1000); // stays up whatever its stdin does
console.error(`stdio-fixture (${mode}) ready`);
