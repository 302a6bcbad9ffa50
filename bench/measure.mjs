// Run a command and measure it as a user would see it: wall time, CPU time (user + system, of
// every process it starts, by /usr/bin/time) and peak memory, the sum of the resident sets of its
// whole process tree (a build's workers are processes of their own, which /usr/bin/time's maximum
// RSS of one process would miss), sampled every 100 ms from /proc. Where either is missing, that
// figure is not given.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const PROC = existsSync('/proc/self/status');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** The process and all its descendants. */
function processTree(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${pids[i]}/task`)) {
        const children = readFileSync(`/proc/${pids[i]}/task/${task}/children`, 'utf8').trim();
        if (children) pids.push(...children.split(' ').map(Number));
      }
    } catch {
      // the process ended between two reads
    }
  }
  return pids;
}

function residentKb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Run `command args` to the end; resolves to { wall, cpu, peakMb, status, stdout, stderr }.
 * `stdoutFile` may be a file descriptor to send the command's standard output to (a shell's `>`).
 */
export function measure(command, args, { cwd, stdoutFile } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const [program, ...rest] = TIME ? [TIME, '-f', 'measure-cpu %U %S', command, ...args] : [command, ...args];
    const child = spawn(program, rest, { cwd, stdio: ['ignore', stdoutFile ?? 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let peak = 0;
    const sample = () => {
      if (PROC) peak = Math.max(peak, processTree(child.pid).reduce((sum, pid) => sum + residentKb(pid), 0));
    };
    const timer = setInterval(sample, 100);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', (status) => {
      clearInterval(timer);
      const wall = (performance.now() - started) / 1000;
      const times = /measure-cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({ wall, cpu: times ? Number(times[1]) + Number(times[2]) : undefined, peakMb: PROC ? peak / 1024 : undefined, status, stdout, stderr });
    });
  });
}
