/**
 * Preloaded (`node -r`) into the API process by bench/api.bench.ts: over the IPC channel it reports
 * the process's own CPU time and, when asked, CPU-profiles exactly the measured window. The API
 * itself is started unchanged (its real main.js), so what is measured is what is deployed.
 */
import { Session } from 'node:inspector';

export type ProbeRequest = { op: 'cpu' } | { op: 'profile-start' } | { op: 'profile-stop' };

if (process.send) {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result as T))));

  process.on('message', (request: ProbeRequest) => {
    const reply = (value: unknown) => process.send!({ op: request.op, value });
    if (request.op === 'cpu') reply(process.cpuUsage());
    else if (request.op === 'profile-start') {
      void post('Profiler.enable')
        .then(() => post('Profiler.setSamplingInterval', { interval: 200 }))
        .then(() => post('Profiler.start'))
        .then(() => reply(true));
    } else if (request.op === 'profile-stop') {
      void post<{ profile: unknown }>('Profiler.stop').then(({ profile }) => reply(profile));
    }
  });
  // The IPC channel must not keep the API alive once it is told to stop.
  process.channel?.unref();
}
