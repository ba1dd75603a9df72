/** The error bodies OpenAI's API returns, as Codex reads them (status, error object). */
export const OPENAI_ERRORS = {
  rate_limit: {
    status: 429,
    error: {
      message:
        'Rate limit reached for gpt-5 in organization org-standin on tokens per min (TPM): Limit 30000, Used 30000, Requested 2400. Please try again in 4.8s.',
      type: 'tokens',
      param: null,
      code: 'rate_limit_exceeded',
    },
  },
  quota: {
    status: 429,
    error: {
      message:
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      type: 'insufficient_quota',
      param: null,
      code: 'insufficient_quota',
    },
  },
  overloaded: {
    status: 503,
    error: {
      message: 'The server is overloaded. Please try again later.',
      type: 'server_error',
      param: null,
      code: 'server_is_overloaded',
    },
  },
  server: {
    status: 500,
    error: {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    },
  },
  auth: {
    status: 401,
    error: {
      message:
        'Incorrect API key provided: x. You can find your API key at https://platform.openai.com/account/api-keys.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  },
} as const;
