// Starts the real server the product way (node --import tsx server/main.ts) in a fresh temporary folder
// with a simulated registry, a planner account and an API token; only on 127.0.0.1; always stopped.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const REPO = new URL('../..', import.meta.url).pathname;
// EVAL_SERVER_ROOT: another checkout whose server (and data/) is measured, e.g. main before and after a
// change, with this checkout's yardstick; default this one.
const SERVER_ROOT = resolve(process.env.EVAL_SERVER_ROOT ?? REPO);
const START_TIMEOUT_MS = 90_000; // ms: the first start seeds the city and builds the model (seconds on a busy 2-core machine)
const STOP_GRACE_MS = 5_000; // ms: after SIGTERM, then SIGKILL

export interface EvalServer {
  url: string;
  token: string; // planner API token (Bearer)
  stop(): Promise<void>;
}

const running = new Map<ChildProcess, string>(); // server → its temporary folder
/** Kills every server this process started and removes its folder (on exit, crash or Ctrl-C: nothing is left behind). */
export const killAll = () =>
  running.forEach((dir, child) => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
process.once('exit', killAll);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function startEvalServer(registry: GeoJSON.FeatureCollection, log: (m: string) => void): Promise<EvalServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wifi-reach-eval-'));
  try {
    const dataDir = join(dir, 'data');
    cpSync(join(SERVER_ROOT, 'data'), dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'access-points.geojson'), JSON.stringify(registry));
    mkdirSync(join(dir, 'no-client'));
    const password = randomBytes(18).toString('base64url');
    const env = {
      ...process.env,
      DATABASE_PATH: join(dir, 'eval.db'),
      DATA_DIR: dataDir,
      CLIENT_DIR: join(dir, 'no-client'),
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
      RATE_LIMIT_READINGS_PER_HOUR: '100000000',
      RATE_LIMIT_DOWNLOADS_PER_MINUTE: '1000000',
      RATE_LIMIT_DEVICES_PER_HOUR: '1000000',
      READ_BUDGET_FEATURES_PER_MINUTE: '100000000', // the scorer reads every 25 m cell of the square at each checkpoint
      TRUST_PROXY: 'true', // each simulated phone sends its own X-Forwarded-For (api.ts phoneAddress)
      WIFI_REACH_PASSWORD: password,
    };
    const user = (...args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/user.ts', ...args], { cwd: SERVER_ROOT, env });
    await user('add', 'eval', 'planner');
    const { stdout } = await user('token', 'eval', 'eval');
    const token = stdout.trim().split('\n').at(-1)!.trim(); // the token is printed alone on the last line
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: SERVER_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.set(child, dir);
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      running.delete(child);
      rmSync(dir, { recursive: true, force: true });
    };
    try {
      const url = await listening(child, log);
      return { url, token, stop };
    } catch (err) {
      await stop();
      throw err;
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Resolves with the URL main.ts prints once it listens; rejects if it exits or takes too long. */
function listening(child: ChildProcess, log: (m: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (/unhandled|error|failed/i.test(line)) log(`server: ${line}`);
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before listening:\n${output}`));
    });
  });
}
