// Runs npm scripts at the same time and fails if any fails: `node scripts/side-by-side.mjs typecheck
// lint`. The type check and ESLint each keep about one core busy, so on two cores they take the
// time of the longer one (34 s against 43 s one after the other on a clean clone). Each script's
// output is printed whole when it ends, never interleaved with the other's.
import { spawn } from 'node:child_process';

function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) =>
      resolve({ script, code: 1, output: `${output}${error.message}\n` }),
    );
    child.on('close', (code) => resolve({ script, code: code ?? 1, output }));
  });
}

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node scripts/side-by-side.mjs <npm script> [<npm script>...]');
  process.exit(2);
}
const failed = [];
await Promise.all(
  scripts.map(async (script) => {
    const { code, output } = await run(script);
    if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
    if (code !== 0) failed.push(`${script} (exit ${code})`);
  }),
);
if (failed.length > 0) {
  console.error(`Failed: ${failed.join(', ')}`);
  process.exit(1);
}
