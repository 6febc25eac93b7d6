/**
 * Reading a password for `vigil admin users set-password`: from standard input (`--password-stdin`, or
 * whenever stdin is not a terminal) or from a prompt that does not echo, asked twice. Never from argv,
 * where it would land in shell history and `ps`.
 * @module
 */
import { createInterface } from 'node:readline';

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    // Echo the question, not the keystrokes.
    const writer = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    writer._writeToOutput = (s: string) => {
      if (!asked) {
        asked = true;
        process.stderr.write(s);
      } else if (s.includes('\n') || s.includes('\r')) {
        process.stderr.write('\n');
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
 * const password = await readNewPassword(o.passwordStdin);
 * ```
 */
export async function readNewPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const text = await readAll(process.stdin);
    const password = text.replace(/\r?\n$/, '').split(/\r?\n/)[0] ?? '';
    if (password === '') {
      const why = fromStdin ? 'standard input was empty' : 'standard input is not a terminal (no prompt) and was empty';
      throw new Error(`no new password: ${why}; pipe one with --password-stdin, e.g. printf '%s\\n' "$PASSWORD" | vigil admin users set-password --user <id> --password-stdin`);
    }
    return password;
  }
  const first = await promptHidden('New password: ');
  const second = await promptHidden('Repeat it: ');
  if (first !== second) throw new Error('the passwords do not match');
  return first;
}
