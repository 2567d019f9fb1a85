import { prettyFactory } from 'pino-pretty';

/** Turns one line an app printed into what the terminal shows, or undefined to drop it. */
export type LineFormatter = (line: string) => string | undefined;

interface LogLine {
  level?: unknown;
  msg?: unknown;
  method?: unknown;
  path?: unknown;
  status?: unknown;
  durationMs?: unknown;
}

/**
 * The API logs pino JSON (its production format); in the terminal each line becomes a short
 * coloured one through pino-pretty, and a request is `GET /v1/items 200 12.3 ms`.
 */
export function apiLogFormatter(options: { colorize: boolean }): LineFormatter {
  const common = {
    colorize: options.colorize,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service,requestId',
    singleLine: true,
  };
  const request = prettyFactory({
    ...common,
    hideObject: true,
    messageFormat: (log) => {
      const { method, path, status, durationMs } = log as LogLine;
      return `${method} ${path} ${status} ${durationMs} ms`;
    },
  });
  const other = prettyFactory(common);
  return (line) => {
    const log = parseLogLine(line);
    if (!log) return line;
    const isRequest = log.msg === 'request' && typeof log.method === 'string';
    return (isRequest ? request : other)(log).trimEnd();
  };
}

function parseLogLine(line: string): LogLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as LogLine;
    return typeof parsed === 'object' && parsed !== null && 'level' in parsed ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `next dev` reports a request the browser gave up on (a navigation replaced by another, a closed
 * tab) as an uncaught `Error: aborted` with code ECONNRESET, over four lines; nothing failed
 * (upstream: https://github.com/vercel/next.js/pull/94658). Those blocks are dropped; every
 * other line passes.
 */
export function webLogFormatter(): LineFormatter {
  let inAbortedBlock = false;
  return (line) => {
    if (/^(⨯ )?(uncaughtException: +)?(⨯ )?Error: aborted$/.test(line.trim())) {
      inAbortedBlock = true;
      return undefined;
    }
    if (inAbortedBlock) {
      if (line.trim() === '}') inAbortedBlock = false;
      else if (!/^\s+(at |code: 'ECONNRESET')/.test(line)) {
        inAbortedBlock = false;
        return line;
      }
      return undefined;
    }
    return line;
  };
}
