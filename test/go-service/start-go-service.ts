import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/**
 * The small Go service beside this file (net/http/pprof and a labelled workload), for the CLI's
 * and the app's remote-source tests. It listens on a port the kernel picks on 127.0.0.1 and
 * exits when its stdin closes, so a test that dies takes it along.
 */
export const hasGo = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;

export interface GoService {
  /** `http://127.0.0.1:PORT` */
  url: string;
  stop(): void;
}

export async function startGoService(): Promise<GoService> {
  const dir = new URL('.', import.meta.url).pathname;
  // stdin stays open as long as the test runs: the service exits when it closes.
  const child: ChildProcess = spawn('go', ['run', '.'], { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = () => {
    child.stdin?.end();
    if (child.exitCode === null) child.kill();
  };
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('the Go service did not start within 45 s')), 45_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const port = /PORT (\d+)/.exec(text)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`go run exited (${code})`));
    });
  }).catch((error: unknown) => {
    stop();
    throw error;
  });
  return { url, stop };
}
