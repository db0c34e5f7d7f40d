import type {
  Area,
  ApiErrorBody,
  Clause,
  Incentive,
  Pack,
  PackSummary,
  Target,
  Task,
  Unit,
  UnitDetail,
} from './types.ts';

/**
 * An error answer of the API. The server writes its message in Chinese and English, so the page
 * can show the one that matches the chosen language instead of a generic failure.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageEn: string | undefined;

  constructor(status: number, code: string, message: string, messageEn?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.messageEn = messageEn;
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  } catch (cause) {
    if (signal?.aborted) throw cause;
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试', 'Cannot reach the server; check the network and retry');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(body)) {
      throw new ApiError(response.status, body.error.code, body.error.message, body.error.message_en);
    }
    throw new ApiError(response.status, 'http_error', `服务器返回错误 ${response.status}`, `The server answered ${response.status}`);
  }
  if (body === undefined) {
    throw new ApiError(response.status, 'bad_response', '服务器返回的数据无法解析', 'The server sent a response that is not JSON');
  }
  return body as T;
}

const pack = (packId: string) => `/api/packs/${encodeURIComponent(packId)}`;

/** The typed API client: one function per endpoint the policy browser reads. */
export const api = {
  listPacks: (signal?: AbortSignal) => getJson<{ packs: PackSummary[] }>('/api/packs', signal),
  getPack: (packId: string, signal?: AbortSignal) => getJson<Pack>(pack(packId), signal),
  listClauses: (packId: string, signal?: AbortSignal) =>
    getJson<{ clauses: Clause[] }>(`${pack(packId)}/clauses`, signal),
  listTargets: (packId: string, signal?: AbortSignal) =>
    getJson<{ targets: Target[] }>(`${pack(packId)}/targets`, signal),
  listTasks: (packId: string, unitId: string | undefined, signal?: AbortSignal) =>
    getJson<{ tasks: Task[] }>(
      `${pack(packId)}/tasks${unitId ? `?unit=${encodeURIComponent(unitId)}` : ''}`,
      signal,
    ),
  listUnits: (packId: string, signal?: AbortSignal) =>
    getJson<{ units: Unit[] }>(`${pack(packId)}/units`, signal),
  getUnit: (packId: string, unitId: string, signal?: AbortSignal) =>
    getJson<UnitDetail>(`${pack(packId)}/units/${encodeURIComponent(unitId)}`, signal),
  listIncentives: (packId: string, signal?: AbortSignal) =>
    getJson<{ incentives: Incentive[] }>(`${pack(packId)}/incentives`, signal),
  listAreas: (signal?: AbortSignal) => getJson<{ edition: string; areas: Area[] }>('/api/areas', signal),
};
