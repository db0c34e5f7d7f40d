// `npm run bench`: every benchmark, each printed against a baseline measured in the same run.
import { runHttpBench } from './http.bench.ts';
import { runIncentiveBench } from './incentives.bench.ts';
import { runIndicatorBench } from './indicators.bench.ts';
import { runInnovationIndexBench } from './innovation-index.bench.ts';
import { runRegistryBench } from './registry.bench.ts';
import { runRequestBench } from './requests.bench.ts';
import { runScreeningBench } from './screening.bench.ts';
import { runSupervisionBench } from './supervision.bench.ts';

const only = process.argv[2];
if (!only || only === 'requests') await runRequestBench();
if (!only || only === 'indicators') await runIndicatorBench();
if (!only || only === 'registry') await runRegistryBench();
if (!only || only === 'http') await runHttpBench();
if (!only || only === 'incentives') await runIncentiveBench();
if (!only || only === 'screening') await runScreeningBench();
if (!only || only === 'supervision') await runSupervisionBench();
if (!only || only === 'innovation-index') await runInnovationIndexBench();
