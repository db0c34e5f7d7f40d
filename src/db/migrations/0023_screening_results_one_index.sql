-- Screening speed (issue 13): a run writes a million and a half result rows, and each index costs
-- every row its insert (measured: about 1.3 µs a row for this one, and its WAL). The index on
-- (run, incentive, status) served no query better than the key's (run, ...) prefix: the totals and
-- a status's count read every row of the run either way, and a page of results walks the screened
-- enterprises in order and finds their rows by the key (docs/screening.md, Performance).
DROP INDEX "screening_results_filter_idx";
