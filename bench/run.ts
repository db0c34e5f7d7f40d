// `npm run bench`: every benchmark, each printed against a baseline measured in the same run.
import { runIndicatorBench } from './indicators.bench.ts';

await runIndicatorBench();
