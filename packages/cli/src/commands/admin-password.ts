/**
 * Reading a password for `vigil admin users set-password`: from standard input (`--password-stdin`, or
 * whenever stdin is not a terminal) or from a prompt that does not echo, asked twice. Never from argv,
 * where it would land in shell history and `ps`.
 * @module
 */
import { createInterface } from 'node:readline';
import { readAll, type CliIo } from '../io.js';

function promptHidden(io: CliIo, question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
    // Echo the question, not the keystrokes.
    const writer = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    writer._writeToOutput = (s: string) => {
      if (!asked) {
        asked = true;
        io.stderr.write(s);
      } else if (s.includes('\n') || s.includes('\r')) {
        io.stderr.write('\n');
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
  });
}

/**
 * The new password: stdin's first line when `fromStdin` or stdin is piped, else a hidden prompt (twice).
 * ```ts
 * const password = await readNewPassword(io, o.passwordStdin);
 * ```
 */
export async function readNewPassword(io: CliIo, fromStdin: boolean): Promise<string> {
  if (fromStdin || !io.stdin.isTTY) {
    const text = (await readAll(io.stdin)).toString('utf8');
    const password = text.replace(/\r?\n$/, '').split(/\r?\n/)[0] ?? '';
    if (password === '') {
      const why = fromStdin ? 'standard input was empty' : 'standard input is not a terminal (no prompt) and was empty';
      throw new Error(`no new password: ${why}; pipe one with --password-stdin, e.g. printf '%s\\n' "$PASSWORD" | vigil admin users set-password --user <id> --password-stdin`);
    }
    return password;
  }
  const first = await promptHidden(io, 'New password: ');
  const second = await promptHidden(io, 'Repeat it: ');
  if (first !== second) throw new Error('the passwords do not match');
  return first;
}
