import { describe, expect, test } from 'vitest';
import { apiLogFormatter, webLogFormatter } from './app-output';

const requestLine = JSON.stringify({
  level: 30,
  time: '2026-11-27T18:34:29.916Z',
  service: 'api',
  requestId: '0d29ba47-845d-424b-b01f-1d4cda5969ef',
  method: 'GET',
  path: '/v1/items',
  status: 200,
  durationMs: 496.2,
  msg: 'request',
});

describe('apiLogFormatter', () => {
  const format = apiLogFormatter({ colorize: false });

  test('a request is one short line: time, level, method, path, status, duration', () => {
    expect(format(requestLine)).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: GET \/v1\/items 200 496\.2 ms$/);
  });

  test('other log lines keep their fields on one line, without the noise', () => {
    const line = format(
      JSON.stringify({ level: 50, time: 1, service: 'api', component: 'jobs', msg: 'failed' }),
    );
    expect(line).toMatch(/ERROR: failed \{"component":"jobs"\}$/);
    expect(line).not.toContain('service');
    expect(line).not.toContain('\n');
  });

  test('what is not a JSON log line passes unchanged', () => {
    for (const line of ['$ tsx watch src/index.ts', '{not json', '{"no":"level"}']) {
      expect(format(line)).toBe(line);
    }
  });

  test('colours when asked (a terminal)', () => {
    expect(apiLogFormatter({ colorize: true })(requestLine)).toContain('\u001b[');
  });
});

describe('webLogFormatter', () => {
  test("drops next dev's aborted-request blocks and keeps everything else", () => {
    const format = webLogFormatter();
    const lines = [
      ' GET /dashboard 200 in 7.8s',
      'Error: aborted',
      '    at ignore-listed frames {',
      "  code: 'ECONNRESET'",
      '}',
      '⨯ uncaughtException:  Error: aborted',
      '    at ignore-listed frames {',
      "  code: 'ECONNRESET'",
      '}',
      '⨯ Error: something real',
      '    at render (page.tsx:1:1)',
      ' POST /dashboard 200 in 1418ms',
    ];
    expect(lines.map(format).filter((line) => line !== undefined)).toEqual([
      ' GET /dashboard 200 in 7.8s',
      '⨯ Error: something real',
      '    at render (page.tsx:1:1)',
      ' POST /dashboard 200 in 1418ms',
    ]);
  });
});
