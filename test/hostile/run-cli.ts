import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url).pathname;
const hook = new URL('./max-rss-hook.mjs', import.meta.url).pathname;

export interface CliRun {
  args: string[];
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Peak resident memory of the child in bytes; 0 when it died before reporting. */
  maxRss: number;
  timedOut: boolean;
  /** Killed for going far over the memory limit (so a bad run cannot take the machine down). */
  killedForMemory: boolean;
}

/** The resident memory of a live process in bytes, from /proc (0 when gone or unreadable). */
function currentRss(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    // The process has just exited: nothing left to measure.
    return 0;
  }
}

/**
 * bin/flamedeck.mjs builds its bundle on a first run (and says so on stderr) or after an edit:
 * build it once before the runs under test, so each of them is the command alone.
 */
export function ensureCliBuilt(): void {
  execFileSync(process.execPath, [`${root}bin/flamedeck.mjs`, '--help'], { cwd: root, stdio: 'ignore' });
}

/** Runs `node bin/flamedeck.mjs ARGS` as a child process with a time limit, measuring its peak RSS. */
export function runCli(args: string[], { timeoutMs = 20_000, env = {} }: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', hook, `${root}bin/flamedeck.mjs`, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env, DISPLAY: '', WAYLAND_DISPLAY: '' },
    });
    const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[], rss: [] as Buffer[] };
    // Cap what is kept of stdout: a result of a pathological profile can be large and only
    // its exit status and shape matter.
    let stdoutBytes = 0;
    child.stdout!.on('data', (c: Buffer) => {
      if (stdoutBytes < 64 << 20) chunks.stdout.push(c);
      stdoutBytes += c.length;
    });
    child.stderr!.on('data', (c: Buffer) => chunks.stderr.push(c));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => chunks.rss.push(c));
    let timedOut = false;
    let killedForMemory = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const watch = setInterval(() => {
      if (child.pid !== undefined && currentRss(child.pid) > KILL_RSS) {
        killedForMemory = true;
        child.kill('SIGKILL');
      }
    }, 20);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolve({
        args,
        status,
        signal,
        stdout: Buffer.concat(chunks.stdout).toString(),
        stderr: Buffer.concat(chunks.stderr).toString(),
        maxRss: Number(Buffer.concat(chunks.rss).toString().trim() || 0) * 1024,
        timedOut,
        killedForMemory,
      });
    });
  });
}

/** Peak RSS every run must stay under. */
const RSS_LIMIT = 2e9;
const KILL_RSS = 3e9;

/** Text that must never reach the user: internal errors, stack traces, JS values. */
const INTERNAL = /TypeError|RangeError|ReferenceError|SyntaxError|Maximum call stack|Array buffer allocation|Invalid array length|undefined|NaN|\bat .+:\d+:\d+|\[object |FATAL|heap out of memory|node:internal/;

/** Why a run is not an acceptable outcome (a result, or one clear line and exit 1), or null. */
export function verdict(run: CliRun): string | null {
  if (run.killedForMemory) return `killed at over ${KILL_RSS / 1e9} GB RSS`;
  if (run.timedOut) return 'timed out';
  if (run.signal) return `killed by ${run.signal}`;
  if (run.maxRss > RSS_LIMIT) return `peak RSS ${(run.maxRss / 1e9).toFixed(2)} GB`;
  if (run.maxRss === 0) return 'no RSS report (the process died abnormally)';
  if (run.status === 0) return run.stderr === '' ? null : `exit 0 with stderr: ${run.stderr.slice(0, 200)}`;
  if (run.status !== 1) return `exit ${run.status}: ${run.stderr.slice(0, 300)}`;
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  if (lines.length !== 1 || !run.stderr.endsWith('\n')) return `${lines.length} lines on stderr: ${run.stderr.slice(0, 300)}`;
  if (INTERNAL.test(lines[0])) return `internal message: ${lines[0].slice(0, 300)}`;
  if (!lines[0].startsWith('flamedeck: ')) return `unexpected message: ${lines[0].slice(0, 300)}`;
  return null;
}
