// Types of chromiumFeatures.mjs for the TypeScript config and tests that import it.
export declare function withFeatures(
  args: readonly string[],
  ours: { readonly enable?: readonly string[]; readonly disable?: readonly string[] },
): string[];
export declare function lighterChromium(args: readonly string[]): string[];
