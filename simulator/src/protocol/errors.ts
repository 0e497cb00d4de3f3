/**
 * OpenAI-style errors: `{"error":{"message","type","param","code"}}`, `type` named after the status the
 * way the official clients name their error classes, `code` the HTTP status (as vLLM and the reference
 * send it).
 */

/** The error class name OpenAI clients use for a status. */
export function errorTypeForStatus(status: number): string {
  switch (status) {
    case 400:
      return "BadRequestError";
    case 401:
      return "AuthenticationError";
    case 403:
      return "PermissionDeniedError";
    case 404:
      return "NotFoundError";
    case 409:
      return "ConflictError";
    case 413:
      return "RequestTooLargeError";
    case 415:
      return "UnsupportedMediaTypeError";
    case 422:
      return "UnprocessableEntityError";
    case 429:
      return "RateLimitError";
    default:
      return status >= 500 ? "InternalServerError" : "BadRequestError";
  }
}

/** The JSON body of an error answer. */
export interface ErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly param: string | null;
    readonly code: number;
  };
}

/** An error to answer with; thrown by validation and handled by the app's error handler. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): ErrorBody {
    return errorBody(this.status, this.message, this.param);
  }
}

export function errorBody(status: number, message: string, param: string | null = null): ErrorBody {
  return { error: { message, type: errorTypeForStatus(status), param, code: status } };
}

/** 400 naming the field. */
export function badRequest(message: string, param: string | null = null): ApiError {
  return new ApiError(400, message, param);
}
