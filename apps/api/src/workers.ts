import cluster, { type Worker } from 'node:cluster';

/** What a worker tells the primary once it listens, for the start-up banner. */
export interface Listening {
  url: string;
  store: string;
  exampleOpinion: string;
}

const isListening = (message: unknown): message is Listening =>
  typeof message === 'object' && message !== null && typeof (message as Listening).url === 'string';

/**
 * The primary of API_WORKERS processes that share the port (node:cluster hands them connections in
 * turn): forks them, prints the banner once every one listens, replaces a worker that dies after
 * it started, and on SIGTERM/SIGINT stops them and exits once they have drained. Only the first
 * worker may load demo data; a worker that dies before listening stops everything (bad config,
 * unreachable store) instead of being forked again and again.
 */
export function superviseWorkers(count: number, banner: (listening: Listening) => string): void {
  let stopping = false;
  let waiting = count;
  const started = new WeakSet<Worker>();
  const fork = (index: number) => {
    const worker = cluster.fork(index === 0 ? {} : { DEMO_DATA: 'false' });
    worker.on('message', (message: unknown) => {
      if (!isListening(message) || started.has(worker)) return;
      started.add(worker);
      if (--waiting === 0) console.log(`${banner(message)}\n       (${count} API workers, pids ${Object.values(cluster.workers ?? {}).map((w) => w?.process.pid).join(', ')})`);
    });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      if (!started.has(worker)) {
        console.error(`API worker ${worker.process.pid} exited before listening (${signal ?? code}); stopping`);
        stop(1);
        return;
      }
      console.error(`API worker ${worker.process.pid} died (${signal ?? code}); starting another`);
      fork(1);
    });
  };
  const stop = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    if (workers.length === 0) process.exit(exitCode);
    let left = workers.length;
    for (const worker of workers) {
      worker.once('exit', () => {
        if (--left === 0) process.exit(exitCode);
      });
      worker.process.kill('SIGTERM');
    }
  };
  process.once('SIGTERM', () => stop(0));
  process.once('SIGINT', () => stop(0));
  for (let i = 0; i < count; i++) fork(i);
}
