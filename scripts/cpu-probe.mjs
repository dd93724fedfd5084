// CPU-seconds of each browser-test file, for measuring the suite's cost on a shared machine (wall
// time there says little). Preloaded into Playwright's worker processes:
//
//   CPU_PROBE_OUT=/tmp/cpu.tsv NODE_OPTIONS="--import ./scripts/cpu-probe.mjs" npx playwright test
//
// appends "file <tab> CPU-s <tab> wall-s <tab> worker pid" per test file a worker ran. CPU counts the
// worker's whole process tree from the moment the file is handed to it until it reports done:
// itself, its Chromium (browser, renderers, GPU process) and the servers its tests start, through
// /proc (user + system time, and that of children already reaped). `/usr/bin/time npx playwright
// test` misses most of it: Chromium's processes are not reaped into the runner's count (one run here:
// 333 CPU-s from time(1), 1,231 from this). The runner and the config's `vite preview` are not in
// any file's tree. A worker's first file also pays for launching its browser.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';

const out = process.env.CPU_PROBE_OUT;
const TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

/** CPU-seconds used so far by this process and every process under it. */
function treeSeconds() {
  const procs = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // After "pid (comm) ": state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
      procs.set(Number(name), { ppid: Number(fields[1]), ticks });
    } catch {
      // gone meanwhile
    }
  }
  const children = new Map();
  for (const [pid, { ppid }] of procs) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  let ticks = 0;
  const stack = [process.pid];
  while (stack.length > 0) {
    const pid = stack.pop();
    ticks += procs.get(pid)?.ticks ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / TICKS_PER_SECOND;
}

// Only Playwright's workers talk to a parent over IPC: the runner hands them a file
// ({method: '__dispatch__', params: {method: 'runTestGroup', params: {file}}}) and they answer 'done'.
if (out && typeof process.send === 'function') {
  let current = null;
  process.on('message', (message) => {
    const call = message?.method === '__dispatch__' ? message.params : null;
    if (call?.method === 'runTestGroup') {
      current = { file: call.params.file, cpu: treeSeconds(), wall: Date.now() };
    }
  });
  const send = process.send.bind(process);
  process.send = (message, ...rest) => {
    if (current && message?.method === '__dispatch__' && message.params?.method === 'done') {
      const cpu = treeSeconds() - current.cpu;
      const wall = (Date.now() - current.wall) / 1000;
      const file = current.file.split('/').pop();
      appendFileSync(out, `${file}\t${cpu.toFixed(1)}\t${wall.toFixed(1)}\t${process.pid}\n`);
      current = null;
    }
    return send(message, ...rest);
  };
}
