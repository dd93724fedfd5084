// CPU-seconds of process trees, read from /proc (Linux): what the suite-cost probes count. Reading
// the kernel's accounts rather than timing costs nothing in the processes measured, and what other
// work on the machine does adds little to them.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/**
 * Every process now: pid → parent pid, CPU-seconds (user + system, its own and those of children it
 * has reaped) and its command line.
 */
export function readProcesses() {
  const procs = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // After "pid (comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      const command = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      procs.set(Number(name), {
        ppid: Number(fields[1]),
        seconds: ticks / TICKS_PER_SECOND,
        command,
      });
    } catch {
      // gone meanwhile
    }
  }
  return procs;
}

/** The pids of `root` and every process under it, in `procs` (from readProcesses). */
export function treeOf(procs, root) {
  const children = new Map();
  for (const [pid, { ppid }] of procs) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const tree = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop();
    if (procs.has(pid)) tree.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** CPU-seconds used so far by `root` and every process under it. */
export function treeSeconds(root = process.pid) {
  const procs = readProcesses();
  return treeOf(procs, root).reduce((sum, pid) => sum + procs.get(pid).seconds, 0);
}
