/** The screening page (免申即享筛查): ?run=ID opens a run's results. */
export const screeningPath = '/screening';
