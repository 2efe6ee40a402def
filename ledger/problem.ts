// RFC 9457 problem details with a stable machine-readable `code`. Handlers throw a
// Problem; the HTTP layer turns anything else into a bare 500 without internals.
export class Problem extends Error {
  status: number;
  code: string;
  extra: Record<string, unknown>;
  constructor(status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
    super(detail);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problemBody(p: Problem, instance?: string): Record<string, unknown> {
  return {
    type: `urn:kerb:ledger:${p.code}`,
    title: TITLES[p.status] ?? 'Error',
    status: p.status,
    code: p.code,
    detail: p.message,
    ...(instance ? { instance } : {}),
    ...p.extra,
  };
}
