// Command-line options for the benchmark scripts: `--name value` pairs, `--help`, and a clear error
// for anything unknown. Each script says what its options mean in `onOption`.

/**
 * Reads `argv`, calling `onOption(name, { value, count })` for each option; `value()` takes the
 * next argument, `count()` the next as a positive integer. `onOption` returns false for an option
 * it does not know, which stops the script with `help`.
 */
export function readArgs(argv, help, onOption) {
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    const count = () => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`${name} needs a positive integer`);
      return n;
    };
    if (name === '--help' || name === '-h') {
      console.log(help);
      process.exit(0);
    }
    if (!onOption(name, { value, count })) throw new Error(`Unknown option ${name}\n${help}`);
  }
}
