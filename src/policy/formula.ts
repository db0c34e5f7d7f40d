import { Environment, parse, type ASTNode } from '@marcbachmann/cel-js';

/**
 * Formulas of derived indicators are CEL expressions over other indicator codes
 * (`rd_expenditure / gdp * 100.0`). CEL is not Turing-complete and has no side effects, so a
 * formula loaded from a pack is safe to evaluate. Every code is a double; CEL does not mix int
 * and double, so literals are written with a decimal point.
 */
export interface CompiledFormula {
  source: string;
  /** The indicator codes the formula reads, in first-use order. */
  inputs: string[];
  /** Evaluates the formula; null when an input is missing or the result is not finite (e.g. / 0). */
  evaluate(values: Readonly<Record<string, number | undefined>>): number | null;
}

export type FormulaCheck = { ok: true; inputs: string[] } | { ok: false; message: string };

/** Parses a formula and lists its inputs without knowing which codes exist. */
export function readFormulaInputs(source: string): FormulaCheck {
  try {
    const inputs: string[] = [];
    collectIdentifiers(parse(source).ast, inputs);
    return { ok: true, inputs };
  } catch (error) {
    return { ok: false, message: firstLine(error) };
  }
}

/** Type-checks a formula against the known codes (all doubles). */
export function checkFormula(source: string, knownCodes: readonly string[]): FormulaCheck {
  const read = readFormulaInputs(source);
  if (!read.ok) return read;
  const unknown = read.inputs.filter((code) => !knownCodes.includes(code));
  if (unknown.length > 0) return { ok: false, message: `unknown indicator code${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `"${c}"`).join(', ')}` };
  const result = environmentFor(read.inputs).check(source);
  if (!result.valid) return { ok: false, message: firstLine(result.error) };
  if (result.type !== 'double') return { ok: false, message: `a formula must yield a number (double), this one yields ${result.type}` };
  return read;
}

export function compileFormula(source: string): CompiledFormula {
  const read = readFormulaInputs(source);
  if (!read.ok) throw new Error(`invalid formula "${source}": ${read.message}`);
  const inputs = read.inputs;
  const evaluator = environmentFor(inputs).parse(source);
  return {
    source,
    inputs,
    evaluate(values) {
      const context: Record<string, number> = {};
      for (const code of inputs) {
        const value = values[code];
        if (value === undefined || !Number.isFinite(value)) return null;
        context[code] = value;
      }
      const result: unknown = evaluator(context);
      return typeof result === 'number' && Number.isFinite(result) ? result : null;
    },
  };
}

function environmentFor(codes: readonly string[]): Environment {
  let environment = new Environment();
  for (const code of codes) environment = environment.registerVariable(code, 'double');
  return environment;
}

function collectIdentifiers(node: ASTNode, into: string[]): void {
  if (node.op === 'id') {
    const name = String(node.args);
    if (!into.includes(name)) into.push(name);
    return;
  }
  const args: unknown = node.args;
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object' && 'op' in value) collectIdentifiers(value as ASTNode, into);
  };
  visit(args);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() ?? message;
}
