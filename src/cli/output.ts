/** Where a command writes: stdout for results (one JSON document with --json), stderr for the rest. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Exit codes of contracts §1. */
export const exitCodes = { ok: 0, badInput: 1, usage: 2 } as const;
