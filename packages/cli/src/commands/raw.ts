/**
 * `vigil raw METHOD PATH`: any API request, signed; prints the response body (like `ts raw`).
 * @module
 */
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { clientAction, clientCommand } from '../client/command.js';
import { UsageError } from '../client/exit-codes.js';
import { jsonData } from '../client/parse.js';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** `agents?status=online` and `/v2/agents?status=online` name the same request. */
export function rawTarget(path: string): { path: string; query: Record<string, string> } {
  const [p = '', q = ''] = path.split(/\?(.*)/s, 2);
  const full = p.startsWith('/') ? p : `/v2/${p}`;
  return { path: full, query: Object.fromEntries(new URLSearchParams(q)) };
}

export function rawCommand(io: CliIo): Command {
  return clientCommand('raw', 'Send any API request (signed) and print the response body', { format: false })
    .argument('<method>', METHODS.join(' | '))
    .argument('<path>', 'e.g. /v2/agents?status=online (a path without a leading / is under /v2/)')
    .option('-d, --data <json>', 'request body: JSON, or @file.json')
    .action(
      clientAction(io, async (ctx, [methodArg, pathArg], opts) => {
        const method = methodArg!.toUpperCase();
        if (!METHODS.includes(method)) throw new UsageError(`method must be one of ${METHODS.join(', ')} (got "${methodArg}")`);
        const body = opts.data === undefined ? undefined : jsonData(opts.data);
        if (body !== undefined && (method === 'GET' || method === 'DELETE')) throw new UsageError(`${method} requests take no --data`);
        const { path, query } = rawTarget(pathArg!);
        const res = await ctx.client.request({
          method,
          path,
          ...(Object.keys(query).length > 0 ? { query } : {}),
          ...(body === undefined ? {} : { body }),
        });
        if (res.body === null || res.body === undefined || res.body === '') return;
        ctx.output.text(typeof res.body === 'string' ? (res.body.endsWith('\n') ? res.body : res.body + '\n') : JSON.stringify(res.body, null, 2) + '\n');
      }),
    );
}
