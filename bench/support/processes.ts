import { readFileSync } from 'node:fs';
import * as net from 'node:net';

/** A TCP port free on 127.0.0.1 right now, for a child process to listen on. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });

/** CPU microseconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux, USER_HZ = 100). */
export function processCpuMicros(pid: number): number {
  return cpuMicrosFromStat(`/proc/${pid}/stat`);
}

/** CPU microseconds one thread of a process has used so far (its main thread: tid = pid), from /proc/<pid>/task/<tid>/stat. */
export function threadCpuMicros(pid: number, tid = pid): number {
  return cpuMicrosFromStat(`/proc/${pid}/task/${tid}/stat`);
}

function cpuMicrosFromStat(file: string): number {
  const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}
