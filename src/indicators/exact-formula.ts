import type { Decimal } from 'decimal.js';
import { parse, type ASTNode } from '@marcbachmann/cel-js';
import { compileFormula } from '../policy/index.ts';
import { ExactDecimal } from './exact-number.ts';

/**
 * A derived indicator's formula (a CEL expression, src/policy/formula.ts) evaluated on decimals:
 * `rd_expenditure / gdp * 100.0` over 3.3 and 100 is 3.3, where doubles give 3.3000000000000003.
 * Formulas of arithmetic only (+ − × ÷, literals, codes, parentheses) are evaluated exactly; any
 * other CEL (a condition, a function) falls back to CEL's doubles, and its result is taken as is.
 */
export interface ExactFormula {
  source: string;
  inputs: string[];
  /** null when an input is missing or the result is not finite (a division by zero). */
  evaluate(values: Readonly<Record<string, Decimal | undefined>>): Decimal | null;
}

type Evaluate = (values: Readonly<Record<string, Decimal>>) => Decimal;

export function compileExactFormula(source: string): ExactFormula {
  const fallback = compileFormula(source);
  const arithmetic = compileArithmetic(parse(source).ast);
  return {
    source,
    inputs: fallback.inputs,
    evaluate(values) {
      const known: Record<string, Decimal> = {};
      for (const code of fallback.inputs) {
        const value = values[code];
        if (value === undefined || !value.isFinite()) return null;
        known[code] = value;
      }
      if (!arithmetic) {
        const result = fallback.evaluate(Object.fromEntries(Object.entries(known).map(([code, value]) => [code, value.toNumber()])));
        return result === null ? null : new ExactDecimal(result);
      }
      const result = arithmetic(known);
      return result.isFinite() ? result : null;
    },
  };
}

/** The formula as a decimal function, or undefined when it uses anything but arithmetic. */
function compileArithmetic(node: ASTNode): Evaluate | undefined {
  const args: unknown = node.args;
  switch (node.op) {
    case 'id': {
      const code = String(args);
      return (values) => values[code] ?? new ExactDecimal(Number.NaN);
    }
    case 'value': {
      if (typeof args !== 'number' && typeof args !== 'bigint') return undefined;
      const literal = new ExactDecimal(args.toString());
      return () => literal;
    }
    case '-_': {
      const operand = isNode(args) ? compileArithmetic(args) : undefined;
      return operand && ((values) => operand(values).negated());
    }
    case '+':
    case '-':
    case '*':
    case '/': {
      if (!Array.isArray(args) || args.length !== 2 || !isNode(args[0]) || !isNode(args[1])) return undefined;
      const left = compileArithmetic(args[0]);
      const right = compileArithmetic(args[1]);
      if (!left || !right) return undefined;
      const operation = node.op;
      return (values) => {
        const a = left(values);
        const b = right(values);
        if (operation === '+') return a.plus(b);
        if (operation === '-') return a.minus(b);
        if (operation === '*') return a.times(b);
        return b.isZero() ? new ExactDecimal(Number.NaN) : a.dividedBy(b);
      };
    }
    default:
      return undefined;
  }
}

function isNode(value: unknown): value is ASTNode {
  return typeof value === 'object' && value !== null && 'op' in value;
}
