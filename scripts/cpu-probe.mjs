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
import { appendFileSync } from 'node:fs';
import { treeSeconds } from './lib/procTree.mjs';

const out = process.env.CPU_PROBE_OUT;

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
