/**
 * `vigil members`: the organization's members and invites (like `ts members …` and OrgUserMGT).
 * @module
 */
import { ROLES } from '@vigil/store/vocabulary';
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { clientAction, clientCommand } from '../client/command.js';
import { UsageError } from '../client/exit-codes.js';
import { choice } from '../client/parse.js';
import type { Column } from '../format/table.js';

export const MEMBER_COLUMNS: Column[] = ['id', 'email', 'displayName', 'role', 'userEnabled', 'mfaEnabled', 'ssoEnabled'];

export function membersCommand(io: CliIo): Command {
  const members = new Command('members').alias('member').description('List, add, remove and invite organization members');
  members.addCommand(
    clientCommand('list', 'List the members of the organization').action(
      clientAction(io, async (ctx) => {
        const items: unknown[] = [];
        for await (const m of ctx.client.members.list()) items.push(m);
        ctx.output.list(items, MEMBER_COLUMNS);
      }),
    ),
  );
  members.addCommand(
    clientCommand('add', 'Add an existing user to the organization')
      .argument('<userId>', 'user id')
      .option('--role <role>', ROLES.join(' | '), 'user')
      .action(
        clientAction(io, async (ctx, [userId], opts) => {
          const role = choice(opts.role, ROLES, '--role');
          const res = await ctx.client.members.add({ id: userId!, role });
          if (res === undefined || res === null) ctx.output.note(`Added ${userId} as ${role}.`);
          else ctx.output.one(res);
        }),
      ),
  );
  members.addCommand(
    clientCommand('remove', 'Remove a member from the organization')
      .argument('<userId>', 'user id')
      .action(
        clientAction(io, async (ctx, [userId]) => {
          await ctx.client.members.remove(userId!);
          ctx.output.note(`Removed ${userId}.`);
        }),
      ),
  );
  members.addCommand(
    clientCommand('invite', 'Invite someone by email')
      .argument('<email>', 'email address')
      .option('--role <role>', ROLES.join(' | '), 'user')
      .action(
        clientAction(io, async (ctx, [email], opts) => {
          const role = choice(opts.role, ROLES, '--role');
          if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email!)) throw new UsageError(`"${email}" is not an email address`);
          const res = await ctx.client.members.invite({ email: email!, role });
          if (res === undefined || res === null) ctx.output.note(`Invited ${email} as ${role}.`);
          else ctx.output.one(res);
        }),
      ),
  );
  return members;
}
