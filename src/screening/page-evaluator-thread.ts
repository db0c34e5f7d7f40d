/**
 * The worker thread of `threadPageEvaluator`: compiles a run's rules from its packs once, then
 * evaluates the pages it is sent and answers with the rows to write.
 */
import { parentPort } from 'node:worker_threads';
import { evaluatePage, type PageRule } from './evaluate-page.ts';
import type { EvaluatorMessage, EvaluatorReply } from './page-evaluator.ts';
import { screeningRulesOf } from './screening-packs.ts';

const port = parentPort;
if (!port) throw new Error('page-evaluator-thread runs as a worker thread only');

/** The rules of the runs seen lately, by key (a run and its packs' hashes). */
const runs = new Map<string, { rules: PageRule[]; year: number }>();

port.on('message', (message: EvaluatorMessage) => {
  if (message.kind === 'rules') {
    if (runs.has(message.key)) return;
    const wanted = new Set(message.packIds);
    const rules = screeningRulesOf(message.packs, message.year).rules.filter((rule) => wanted.has(rule.packId));
    runs.set(message.key, { rules, year: message.year });
    if (runs.size > 8) runs.delete(runs.keys().next().value!);
    return;
  }
  let reply: EvaluatorReply;
  try {
    const run = runs.get(message.key);
    if (!run) throw new Error(`no rules for ${message.key}`);
    reply = { id: message.id, writes: evaluatePage(message.rows, run.rules, run.year, message.chunkSize, message.runId) };
  } catch (error) {
    reply = { id: message.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
