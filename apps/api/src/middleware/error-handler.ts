import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { fromDatabaseError } from '../http/database-errors';
import { ApiError } from '../http/errors';
import { RateLimitedError } from '../http/rate-limits';
import type { AppEnv } from '../http/router';

const RETRY_AFTER_S = '1';

/** Every failure leaves as the one error shape; unexpected ones are logged with the request id. */
export const errorHandler: ErrorHandler<AppEnv> = (error, c) => {
  const apiError =
    error instanceof ApiError
      ? error
      : error instanceof HTTPException
        ? fromHttpException(error)
        : fromDatabaseError(error);
  const requestId = c.get('requestId');
  if (!apiError) {
    c.get('log').error({ err: error }, 'unhandled error');
    return c.json(
      {
        error: {
          code: 'internal_error',
          message: 'Something went wrong on our side. Quote the request id if you report it.',
          requestId,
        },
      },
      500,
    );
  }
  const { status, code, message, details } = apiError;
  // Temporary conditions (database down or saturated, a lock held elsewhere): say when to retry.
  if (status === 503 || code === 'row_locked') c.header('Retry-After', RETRY_AFTER_S);
  if (apiError instanceof RateLimitedError) c.header('Retry-After', String(apiError.retryAfterS));
  return c.json({ error: { code, message, ...(details && { details }), requestId } }, status);
};

function fromHttpException(error: HTTPException): ApiError {
  // Hono's JSON validator throws this for a body that does not parse.
  if (error.status === 400 && /json/i.test(error.message)) {
    return new ApiError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  if (error.status === 415) {
    return new ApiError(
      415,
      'unsupported_media_type',
      'Send the request body as JSON, with "Content-Type: application/json".',
    );
  }
  return new ApiError(
    error.status,
    'http_error',
    error.message || 'The request could not be handled.',
  );
}
