// Every supervision page (督查督办) behind one lazily loaded module: one bundle entry for the
// section, so the bundler's per-entry split of antd gains one partition rather than seven.
export { SupervisionAssessmentPage } from './supervision-assessment-page.tsx';
export { SupervisionCyclePage } from './supervision-cycle-page.tsx';
export { SupervisionMeasurePage } from './supervision-measure-page.tsx';
export { SupervisionNoticesPage } from './supervision-notices-page.tsx';
export { SupervisionOverviewPage } from './supervision-overview-page.tsx';
export { SupervisionReviewPage } from './supervision-review-page.tsx';
export { SupervisionWorkbenchPage } from './supervision-workbench-page.tsx';
