import { spawn, type ChildProcess } from 'node:child_process';
import request from 'supertest';
import { signToken } from '@app/auth';
import type { Infrastructure } from '@app/config';
import { startTestNodes } from '@app/testing';
import { buildForChildProcesses } from './read-models/read-model-test-support';
import { heldSession } from './support/fixtures';

jest.setTimeout(120_000);

const SECRET = 'workers-secret-workers-secret-workers!';
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The real main.js with API_WORKERS=2: two processes share the port behind one primary. */
describe('API_WORKERS', () => {
  let nodes: Infrastructure;
  let primary: ChildProcess;
  let output = '';
  let more: () => void = () => undefined;
  const waitFor = async (pattern: RegExp): Promise<RegExpMatchArray> => {
    for (;;) {
      const match = pattern.exec(output);
      if (match) return match;
      if (primary.exitCode !== null) throw new Error(`API exited with ${primary.exitCode}: ${output}`);
      await new Promise<void>((resolve) => (more = resolve));
    }
  };

  beforeAll(async () => {
    const build = buildForChildProcesses();
    nodes = await startTestNodes();
    primary = spawn(process.execPath, [build.apiMain], {
      env: {
        ...process.env, ...build.env,
        NODE_ENV: 'test', LOG_LEVEL: 'warn', JWT_SECRET: SECRET, HOST: '127.0.0.1', PORT: '0',
        EVENTSTORE_URL: nodes.eventstoreUrl, MONGO_URL: nodes.mongoUrl, RUN_PROJECTOR: 'false', API_WORKERS: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      more();
    };
    primary.stdout!.on('data', seen);
    primary.stderr!.on('data', seen);
    primary.on('exit', () => more());
  });
  afterAll(async () => {
    if (primary.exitCode === null) primary.kill('SIGKILL');
    await nodes?.stop();
  });

  it('prints the banner once both workers listen, serves commands, replaces a dead worker and stops them all on SIGTERM', async () => {
    const [, , pids] = await waitFor(/API: +(\S+)[\s\S]*\(2 API workers, pids (\d+, \d+)\)/);
    const workers = pids.split(', ').map(Number);
    expect(workers.every(alive)).toBe(true);
    // With PORT=0 the workers share the one random port the primary opened.
    const url = /API: +(http:\/\/[^/\s]+)/.exec(output)![1];
    const secretary = `Bearer ${signToken(SECRET, { id: 'secretary-1', name: 'Thư ký', role: 'secretary', unit: 'CATP-HP-KA' }, '1h')}`;
    await request(url).post('/api/v1/sessions').set('Authorization', secretary).send(heldSession.schedule).expect(201);

    process.kill(workers[0], 'SIGKILL');
    await waitFor(/API worker \d+ died \(SIGKILL\); starting another/);
    expect(primary.exitCode).toBeNull();

    const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(alive(workers[1])).toBe(false);
  });
});
