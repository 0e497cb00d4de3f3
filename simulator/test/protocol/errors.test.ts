import assert from "node:assert/strict";
import { ApiError, badRequest, errorBody, errorTypeForStatus } from "../../src/protocol/errors";

describe("OpenAI-style errors (src/protocol/errors.ts)", () => {
  it("names each status the way the OpenAI clients name their error classes", () => {
    const expected: Record<number, string> = {
      400: "BadRequestError",
      401: "AuthenticationError",
      403: "PermissionDeniedError",
      404: "NotFoundError",
      409: "ConflictError",
      413: "RequestTooLargeError",
      415: "UnsupportedMediaTypeError",
      422: "UnprocessableEntityError",
      429: "RateLimitError",
      500: "InternalServerError",
      503: "InternalServerError",
      418: "BadRequestError",
    };
    for (const [status, type] of Object.entries(expected))
      assert.equal(errorTypeForStatus(Number(status)), type);
  });

  it("builds the body with the status as code and the param, null when none", () => {
    assert.deepEqual(errorBody(404, "gone", "model"), {
      error: { message: "gone", type: "NotFoundError", param: "model", code: 404 },
    });
    assert.deepEqual(errorBody(429, "slow down").error.param, null);
  });

  it("carries status and param on ApiError, and 400 from badRequest", () => {
    const e = badRequest("bad field", "messages");
    assert.ok(e instanceof ApiError && e instanceof Error);
    assert.equal(e.name, "ApiError");
    assert.deepEqual(e.body(), {
      error: { message: "bad field", type: "BadRequestError", param: "messages", code: 400 },
    });
    assert.deepEqual(new ApiError(413, "too big").body().error, {
      message: "too big",
      type: "RequestTooLargeError",
      param: null,
      code: 413,
    });
  });
});
