/** Process entry of `vigil`: runs the CLI and turns errors into a message and exit code 1. */
import { main } from './main.js';

main(process.argv).catch((err: unknown) => {
  process.stderr.write(`vigil: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
