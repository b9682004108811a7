import { runCli } from './cli/report-cli';
import { EXIT } from './cli/exit-codes';

/** Ctrl-C or SIGTERM stops the replay cleanly; a second one gives up at once. */
const controller = new AbortController();
const stop = (): void => {
  if (controller.signal.aborted) process.exit(EXIT.interrupted);
  controller.abort();
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr, signal: controller.signal }).then(
  (code) => {
    process.exitCode = code;
    // The gRPC channel can keep the loop alive for a while after dispose; the work is done.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(EXIT.failure);
  },
);
