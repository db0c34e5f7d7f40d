import type {
  AccountAnswer,
  CalcProfile,
  CalcResult,
  EnterpriseCalc,
  AccountList,
  AccountWithPassword,
  ApiErrorBody,
  AreaList,
  AssignRoleBody,
  AuditFilterQuery,
  AuditPage,
  AuditVerification,
  ClauseList,
  CreateAccountBody,
  EnterpriseChanges,
  EnterpriseDetail,
  EnterpriseFilter,
  EnterprisePage,
  Pack,
  IncentiveList,
  PackList,
  PermissionRows,
  PermissionTableAnswer,
  PlatformDetail,
  RegistryImportReport,
  RegistryComparison,
  RegistryKind,
  PlatformFilter,
  PlatformPage,
  Session,
  SetPermissionBody,
  TargetList,
  TaskList,
  TechContractPage,
  TechContractFilter,
  TechContractTurnover,
  TierPipeline,
  UnitDetail,
  UnitList,
  UnitWorkspace,
  Workspace,
} from './types.ts';
import type {
  AreaTarget,
  AreaTargetImportReport,
  AreaTargetList,
  SetAreaTargetInput,
  DraftValueInput,
  EntrySheet,
  ImportReport,
  IndicatorAreas,
  IndicatorSeries,
  PackEvaluation,
  PeriodClosureInput,
  PeriodState,
  QueueCounts,
  QueueKind,
  ReportingCalendar,
  ReviewQueue,
  SavedDrafts,
  TransitionInput,
  TransitionResult,
  ValueHistory,
  YearsWithData,
  WorkflowAction,
} from './types.ts';

/**
 * An error answer of the API. The server writes its message in Chinese and English, so the page
 * can show the one that matches the chosen language instead of a generic failure.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageEn: string | undefined;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, messageEn?: string, details?: unknown, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messageEn = messageEn;
    this.details = details;
    this.requestId = requestId;
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/**
 * What a failed call means for the session: gone (expired, revoked), waiting for a new password,
 * or nothing known because the service does not answer (the database is down) — which must
 * never be taken for "signed out".
 */
export type SessionProblem = 'unauthenticated' | 'password_change_required' | 'unavailable';

let sessionProblemHandler: ((problem: SessionProblem) => void) | undefined;

/**
 * Who handles a lost session or an unavailable service: the session provider, which clears the
 * signed-in state and sends the person to the login (or change-password) page, or shows that
 * the service is unavailable for now. Returns the unregister function.
 */
export function setSessionProblemHandler(handler: (problem: SessionProblem) => void): () => void {
  sessionProblemHandler = handler;
  return () => {
    if (sessionProblemHandler === handler) sessionProblemHandler = undefined;
  };
}

/**
 * The server or its database does not answer for now: the server's 503 `unavailable`, or a
 * gateway in front of it answering 502, 503 or 504 without our error body.
 */
export function isServiceUnavailable(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'unavailable' || error.status === 502 || error.status === 503 || error.status === 504);
}

/** What a failed call of this kind of access means for the session, if anything. */
export function sessionProblemOf(error: ApiError, access: Access): SessionProblem | undefined {
  if (isServiceUnavailable(error)) return 'unavailable';
  if (access === 'private' && error.status === 401 && error.code === 'unauthenticated') return 'unauthenticated';
  if (access !== 'session' && error.status === 403 && error.code === 'password_change_required') return 'password_change_required';
  return undefined;
}

let rememberedCsrfToken: string | undefined;

/** The CSRF token of the current session, as the session answers carry it. */
export function rememberCsrfToken(token: string | undefined): void {
  rememberedCsrfToken = token;
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/**
 * Whether this browser may hold a session: the server sets the readable kc_csrf cookie beside the
 * HttpOnly session cookie, with the same lifetime, and clears both on sign-out.
 */
export function mayHaveSession(): boolean {
  return readCookie('kc_csrf') !== undefined;
}

/**
 * The kc_csrf cookie first: another tab may have signed in again since this one read the
 * session, and the cookie always holds the token of the session the browser will send.
 */
function csrfToken(): string | undefined {
  return readCookie('kc_csrf') ?? rememberedCsrfToken;
}

export type Access =
  /** Published data: no session needed. */
  | 'public'
  /** Signing in and reading the session: a 401 there means "signed out", not "session lost". */
  | 'session'
  /** Needs a session: a 401 sends the person to the login page. */
  | 'private';

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Sent as is (an uploaded file) instead of as JSON. */
  file?: { content: Blob; contentType: string };
  signal?: AbortSignal | undefined;
  access?: Access;
  /** Error statuses whose body is the answer, not an error (an import report with its problems: 422). */
  answerStatuses?: readonly number[];
}

async function request<T>(
  path: string,
  { method = 'GET', body, file, signal, access = 'public', answerStatuses = [] }: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (file !== undefined) headers['content-type'] = file.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const token = csrfToken();
    if (token !== undefined) headers['x-csrf-token'] = token;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: file !== undefined ? file.content : body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试', 'Cannot reach the server; check the network and retry');
  }
  if (response.status === 204) return undefined as T;
  const answer: unknown = await response.json().catch(() => undefined);
  if (!response.ok && !(answerStatuses.includes(response.status) && answer !== undefined && !isErrorBody(answer))) {
    const error = isErrorBody(answer)
      ? new ApiError(response.status, answer.error.code, answer.error.message, answer.error.message_en, answer.error.details, answer.error.request_id)
      : new ApiError(response.status, 'http_error', `服务器返回错误 ${response.status}`, `The server answered ${response.status}`);
    const problem = sessionProblemOf(error, access);
    if (problem !== undefined) sessionProblemHandler?.(problem);
    throw error;
  }
  if (answer === undefined) {
    throw new ApiError(response.status, 'bad_response', '服务器返回的数据无法解析', 'The server sent a response that is not JSON');
  }
  return answer as T;
}

/**
 * Posts an uploaded file and takes a file back (the full problem list of an import): the body as
 * a Blob, or the API's error as an ApiError, as `request` gives it.
 */
async function postForFile(path: string, file: Blob, contentType: string): Promise<Blob> {
  const headers: Record<string, string> = { 'content-type': contentType };
  const token = csrfToken();
  if (token !== undefined) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试', 'Cannot reach the server; check the network and retry');
  }
  if (response.ok) return response.blob();
  const answer: unknown = await response.json().catch(() => undefined);
  const error = isErrorBody(answer)
    ? new ApiError(response.status, answer.error.code, answer.error.message, answer.error.message_en, answer.error.details, answer.error.request_id)
    : new ApiError(response.status, 'http_error', `服务器返回错误 ${response.status}`, `The server answered ${response.status}`);
  const problem = sessionProblemOf(error, 'private');
  if (problem !== undefined) sessionProblemHandler?.(problem);
  throw error;
}

const getJson = <T>(path: string, signal?: AbortSignal) => request<T>(path, { signal });
const getPrivate = <T>(path: string, signal?: AbortSignal) => request<T>(path, { signal, access: 'private' });
const send = <T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) =>
  request<T>(path, { method, body, access: 'private' });

const pack = (packId: string) => `/api/packs/${encodeURIComponent(packId)}`;
const account = (id: string) => `/api/accounts/${encodeURIComponent(id)}`;

/** `?a=1&b=2` with the undefined entries left out. */
function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** The area and year an evaluation is made for; the server's defaults (region, the pack's end year) when left out. */
export interface EvaluationScope {
  org?: string | undefined;
  asOf?: number | undefined;
}

const evaluationQuery = ({ org, asOf }: EvaluationScope) => queryString({ org, as_of: asOf });

/** The media type of an uploaded value file, by its name (the server reads CSV or the first sheet of an .xlsx). */
export function valueFileType(fileName: string): string {
  return /\.xlsx$/i.test(fileName) ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
}

/** `?actor=…&from=…` with the empty filters left out. */
function auditQuery(filter: AuditFilterQuery, page?: { limit: number; offset: number }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === 'string' && value !== '') params.set(key, value);
  }
  if (page) {
    params.set('limit', String(page.limit));
    params.set('offset', String(page.offset));
  }
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** The typed API client: one function per endpoint the web app uses. */
export const api = {
  listPacks: (signal?: AbortSignal) => getJson<PackList>('/api/packs', signal),
  getPack: (packId: string, signal?: AbortSignal) => getJson<Pack>(pack(packId), signal),
  listClauses: (packId: string, signal?: AbortSignal) =>
    getJson<ClauseList>(`${pack(packId)}/clauses`, signal),
  listTargets: (packId: string, signal?: AbortSignal) =>
    getJson<TargetList>(`${pack(packId)}/targets`, signal),
  listTasks: (packId: string, unitId: string | undefined, signal?: AbortSignal) =>
    getJson<TaskList>(
      `${pack(packId)}/tasks${unitId ? `?unit=${encodeURIComponent(unitId)}` : ''}`,
      signal,
    ),
  listUnits: (packId: string, signal?: AbortSignal) =>
    getJson<UnitList>(`${pack(packId)}/units`, signal),
  getUnit: (packId: string, unitId: string, signal?: AbortSignal) =>
    getJson<UnitDetail>(`${pack(packId)}/units/${encodeURIComponent(unitId)}`, signal),
  listIncentives: (packId: string, signal?: AbortSignal) =>
    getJson<IncentiveList>(`${pack(packId)}/incentives`, signal),
  listAreas: (signal?: AbortSignal) => getJson<AreaList>('/api/areas', signal),

  // Session: a 401 here means "signed out" (or wrong password), never "go to the login page".
  getSession: (signal?: AbortSignal) => request<Session>('/api/session', { signal, access: 'session' }),
  signIn: (username: string, password: string) =>
    request<Session>('/api/session', { method: 'POST', body: { username, password }, access: 'session' }),
  signOut: () => request<void>('/api/session', { method: 'DELETE', access: 'session' }),
  signOutEverywhere: () => send<void>('POST', '/api/session/revoke-all'),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('/api/account/password', {
      method: 'POST',
      body: { current_password: currentPassword, new_password: newPassword },
      access: 'private',
    }),

  listAccounts: (signal?: AbortSignal) => getPrivate<AccountList>('/api/accounts', signal),
  createAccount: (input: CreateAccountBody) => send<AccountWithPassword>('POST', '/api/accounts', input),
  disableAccount: (id: string) => send<AccountAnswer>('POST', `${account(id)}/disable`),
  enableAccount: (id: string) => send<AccountAnswer>('POST', `${account(id)}/enable`),
  resetPassword: (id: string) => send<AccountWithPassword>('POST', `${account(id)}/reset-password`),
  assignRole: (id: string, input: AssignRoleBody) => send<AccountAnswer>('PUT', `${account(id)}/role`, input),

  getPermissions: (signal?: AbortSignal) => getPrivate<PermissionTableAnswer>('/api/permissions', signal),
  setPermission: (change: SetPermissionBody) => send<PermissionRows>('PUT', '/api/permissions', change),

  listAuditEvents: (filter: AuditFilterQuery, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    getPrivate<AuditPage>(`/api/audit${auditQuery(filter, page)}`, signal),
  /** A plain link: the browser downloads the file with the session cookie. */
  auditExportUrl: (filter: AuditFilterQuery) => `/api/audit/export.csv${auditQuery(filter)}`,
  verifyAudit: (signal?: AbortSignal) => getPrivate<AuditVerification>('/api/audit/verify', signal),

  // Indicators: published values and evaluations are public; entry, review and import need a session.
  getEvaluation: (packId: string, scope: EvaluationScope, signal?: AbortSignal) =>
    getJson<PackEvaluation>(`${pack(packId)}/evaluation${evaluationQuery(scope)}`, signal),
  /** Plain links: the browser downloads the file. */
  evaluationXlsxUrl: (packId: string, scope: EvaluationScope) => `${pack(packId)}/evaluation.xlsx${evaluationQuery(scope)}`,
  evaluationReportUrl: (packId: string, scope: EvaluationScope) => `${pack(packId)}/evaluation/report.docx${evaluationQuery(scope)}`,
  listAreaTargets: (packId: string, signal?: AbortSignal) => getJson<AreaTargetList>(`${pack(packId)}/area-targets`, signal),
  /** The coordinator sets (or removes) one area's own target; both are audited. */
  setAreaTarget: (packId: string, input: SetAreaTargetInput) => send<AreaTarget>('PUT', `${pack(packId)}/area-targets`, input),
  removeAreaTarget: (packId: string, key: { target_id: string; org: string }) => send<{ removed: true }>('DELETE', `${pack(packId)}/area-targets${queryString(key)}`),
  /** All or nothing: a file with problems is answered 422 with every problem (line, field), and nothing is written. */
  importAreaTargets: (packId: string, file: Blob, fileName: string, dryRun: boolean) =>
    request<AreaTargetImportReport>(`${pack(packId)}/area-targets/import${queryString({ file_name: fileName, dry_run: String(dryRun) })}`, {
      method: 'POST',
      file: { content: file, contentType: valueFileType(fileName) },
      access: 'private',
      answerStatuses: [422],
    }),
  getIndicatorSeries: (packId: string, code: string, org: string | undefined, signal?: AbortSignal) =>
    getJson<IndicatorSeries>(`${pack(packId)}/indicators/${encodeURIComponent(code)}/series${queryString({ org })}`, signal),
  getIndicatorAreas: (packId: string, code: string, parent: string | undefined, period: string | undefined, signal?: AbortSignal) =>
    getJson<IndicatorAreas>(`${pack(packId)}/indicators/${encodeURIComponent(code)}/areas${queryString({ parent, period })}`, signal),
  /** The drill-down table as Excel, made by the server (a plain link). */
  indicatorAreasXlsxUrl: (packId: string, code: string, parent: string, period: string) =>
    `${pack(packId)}/indicators/${encodeURIComponent(code)}/areas.xlsx${queryString({ parent, period })}`,
  getYearsWithData: (scope: { org?: string | undefined; indicators?: readonly string[] | undefined }, signal?: AbortSignal) =>
    getJson<YearsWithData>(`/api/indicator-values/years${queryString({ org: scope.org, indicators: scope.indicators && scope.indicators.length > 0 ? scope.indicators.join(',') : undefined })}`, signal),
  getValueHistory: (key: { indicator: string; org: string; period: string }, signal?: AbortSignal) =>
    getJson<ValueHistory>(`/api/indicator-values/history${queryString(key)}`, signal),
  valueTemplateUrl: () => '/api/indicator-values/template.xlsx',
  /** All or nothing: a file with problems is answered 422 with the same report, and nothing is written. */
  importValues: (file: Blob, fileName: string, dryRun: boolean, comment?: string) =>
    request<ImportReport>(`/api/indicator-values/import${queryString({ file_name: fileName, dry_run: String(dryRun), comment })}`, {
      method: 'POST',
      file: { content: file, contentType: valueFileType(fileName) },
      access: 'private',
      answerStatuses: [422],
    }),
  /** Every problem of a value file as CSV (checked as a dry run, nothing written): the import's answer lists only the first 1,000. */
  valueProblemsFile: (file: Blob, fileName: string) =>
    postForFile(`/api/indicator-values/import/problems.csv${queryString({ file_name: fileName })}`, file, valueFileType(fileName)),
  getEntrySheet: (org: string, period: string, signal?: AbortSignal) =>
    getPrivate<EntrySheet>(`/api/indicator-values${queryString({ org, period })}`, signal),
  saveDraftValues: (org: string, period: string, values: DraftValueInput[]) =>
    send<SavedDrafts>('PUT', '/api/indicator-values', { org, period, values }),
  transitionValues: (action: WorkflowAction, input: TransitionInput) =>
    send<TransitionResult>('POST', `/api/indicator-values/${action}`, input),
  /** 待审核 (what the caller reviews now) or 已退回 (what its areas must correct), with the counts. */
  getReviewQueue: (kind: QueueKind, signal?: AbortSignal) => getPrivate<ReviewQueue>(`/api/review-queue${queryString({ kind })}`, signal),
  getQueueCounts: (signal?: AbortSignal) => getPrivate<QueueCounts>('/api/review-queue/counts', signal),
  getReportingCalendar: (signal?: AbortSignal) => getPrivate<ReportingCalendar>('/api/reporting-calendar', signal),
  /** The coordinator closes (or reopens) an area's reporting period; a 409 says it is so already. */
  closePeriod: (input: PeriodClosureInput) => send<PeriodState>('POST', '/api/indicator-values/close', input),
  reopenPeriod: (input: PeriodClosureInput) => send<PeriodState>('POST', '/api/indicator-values/reopen', input),

  // Registries: each answer is already limited to the caller's scope by the server; the shapes are the contract's.
  listEnterprises: (filter: EnterpriseFilter, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    getPrivate<EnterprisePage>(`/api/registry/enterprises${queryString({ ...filter, ...page })}`, signal),
  getEnterprise: (code: string, signal?: AbortSignal) =>
    getPrivate<EnterpriseDetail>(`/api/registry/enterprises/${encodeURIComponent(code)}`, signal),
  /** A plain link: contacts masked unless `unmask` (needs registry.contacts; the server audits it). */
  enterprisesExportUrl: (filter: Pick<EnterpriseFilter, 'q' | 'org'>, unmask: boolean) =>
    `/api/registry/enterprises/export.xlsx${queryString({ q: filter.q, org: filter.org, unmask: unmask ? 'true' : undefined })}`,
  listPlatforms: (filter: PlatformFilter, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    getPrivate<PlatformPage>(`/api/registry/platforms${queryString({ ...filter, ...page })}`, signal),
  /** Only the fields given change; a 409 means someone else saved since `expected_updated_at`. */
  updateEnterprise: (code: string, changes: EnterpriseChanges) =>
    send<EnterpriseDetail>('PATCH', `/api/registry/enterprises/${encodeURIComponent(code)}`, changes),
  getPlatform: (number: string, signal?: AbortSignal) =>
    getPrivate<PlatformDetail>(`/api/registry/platforms/${encodeURIComponent(number)}`, signal),
  platformsExportUrl: (filter: PlatformFilter) => `/api/registry/platforms/export.xlsx${queryString({ ...filter })}`,
  listTechContracts: (filter: TechContractFilter, page: { limit: number; offset: number }, signal?: AbortSignal) =>
    getPrivate<TechContractPage>(`/api/registry/tech-contracts${queryString({ ...filter, ...page })}`, signal),
  techContractsExportUrl: (filter: TechContractFilter) => `/api/registry/tech-contracts/export.xlsx${queryString({ ...filter })}`,
  getTechContractTurnover: (year: number, org: string, signal?: AbortSignal) =>
    getPrivate<TechContractTurnover>(`/api/registry/tech-contracts/turnover${queryString({ year, org })}`, signal),
  techContractTurnoverXlsxUrl: (year: number, org: string) => `/api/registry/tech-contracts/turnover.xlsx${queryString({ year, org })}`,
  /** The pipeline's years default to the server's: the seven up to the current one (Beijing time). */
  pipelineCandidatesXlsxUrl: (years: { from?: number | undefined; to?: number | undefined } = {}) => `/api/registry/pipeline/candidates.xlsx${queryString(years)}`,
  registryIndicatorsXlsxUrl: (year: number, org: string) => `/api/registry/indicators.xlsx${queryString({ year, org })}`,
  getTierPipeline: (years: { from?: number | undefined; to?: number | undefined }, signal?: AbortSignal) =>
    getPrivate<TierPipeline>(`/api/registry/pipeline${queryString(years)}`, signal),
  getRegistryIndicators: (year: number, org: string, signal?: AbortSignal) =>
    getJson<RegistryComparison>(`/api/registry/indicators${queryString({ year, org })}`, signal),
  registryTemplateUrl: (kind: RegistryKind) => `/api/registry/${kind}/template.xlsx`,
  /** All or nothing, as the value import: a file with problems is answered 422 with the report. */
  importRegistry: (kind: RegistryKind, file: Blob, fileName: string, dryRun: boolean) =>
    request<RegistryImportReport>(`/api/registry/${kind}/import${queryString({ file_name: fileName, dry_run: String(dryRun) })}`, {
      method: 'POST',
      file: { content: file, contentType: valueFileType(fileName) },
      access: 'private',
      answerStatuses: [422],
    }),

  /** Every problem of a registry file as CSV (checked as a dry run, nothing written). */
  registryProblemsFile: (kind: RegistryKind, file: Blob, fileName: string) =>
    postForFile(`/api/registry/${kind}/import/problems.csv${queryString({ file_name: fileName })}`, file, valueFileType(fileName)),

  // The calculator: a registry enterprise's benefits within the caller's scope, and a what-if on a profile (nothing saved).
  getEnterpriseCalc: (code: string, year: number, signal?: AbortSignal) =>
    getPrivate<EnterpriseCalc>(`/api/calc/enterprises/${encodeURIComponent(code)}${queryString({ year })}`, signal),
  calculate: (year: number, profile: CalcProfile) => send<CalcResult>('POST', '/api/calc', { year, profile }),
  enterpriseCalcReportUrl: (code: string, year: number) => `/api/calc/enterprises/${encodeURIComponent(code)}/report.docx${queryString({ year })}`,

  getWorkspace: (signal?: AbortSignal) => getPrivate<Workspace>('/api/workspace', signal),
  getUnitWorkspace: (unitId: string, packId: string, signal?: AbortSignal) =>
    getPrivate<UnitWorkspace>(`/api/workspace/units/${encodeURIComponent(unitId)}?pack=${encodeURIComponent(packId)}`, signal),
};
export { request as apiRequest };
