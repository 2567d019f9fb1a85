import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI_DEFAULTS, loadConfig, parseGoDuration } from './config';

describe('loadConfig', () => {
  const project = mkdtempSync(join(tmpdir(), 'config-test-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('reads the repository config.toml found upward from the working directory', () => {
    const config = loadConfig();
    expect(config.configPath).toMatch(/supabase\/config\.toml$/);
    expect(config.ports).toEqual({ api: 54321, db: 54322, mail: 54324, smtp: 54325 });
    expect(config.auth.additionalRedirectUrls).toContain('http://127.0.0.1:3000/**');
    expect(config.auth.templates.magic_link.subject).toBe('Your sign-in link');
    expect(config.auth.templates.magic_link.content).toContain('{{ .TokenHash }}');
    expect(config.auth.signingKeysPath).toMatch(/supabase\/signing_keys\.json$/);
    expect(config.api).toEqual({
      schemas: ['public', 'graphql_public'],
      extraSearchPath: ['public', 'extensions'],
      maxRows: 1000,
      txEnd: 'commit',
    });
  });

  it('lets programmatic options override the file, and uses CLI defaults without one', () => {
    const config = loadConfig({
      ports: { api: 0 },
      auth: { enableConfirmations: true, jwtExpiry: 60 },
    });
    expect(config.ports.api).toBe(0);
    expect(config.ports.db).toBe(54322);
    expect(config.auth).toMatchObject({ enableConfirmations: true, jwtExpiry: 60 });
    expect(loadConfig({ configPath: false })).toEqual({ ...CLI_DEFAULTS, configPath: undefined });
  });

  it('resolves env(), content paths from the project root and Go durations', () => {
    mkdirSync(join(project, 'supabase', 'templates'), { recursive: true });
    writeFileSync(join(project, 'supabase', 'templates', 'invite.html'), '<p>{{ .Email }}</p>');
    writeFileSync(
      join(project, 'supabase', 'config.toml'),
      [
        '[auth]',
        'site_url = "env(TEST_SITE_URL)"',
        'signing_keys_path = "./keys/signing_keys.json"',
        'enable_manual_linking = true',
        '[auth.email]',
        'max_frequency = "1m30s"',
        'secure_password_change = true',
        '[auth.email.template.invite]',
        'subject = "Join us"',
        'content_path = "./supabase/templates/invite.html"',
      ].join('\n'),
    );
    process.env.TEST_SITE_URL = 'http://localhost:4000';
    const config = loadConfig({ configPath: join(project, 'supabase', 'config.toml') });
    delete process.env.TEST_SITE_URL;
    expect(config.auth.siteUrl).toBe('http://localhost:4000');
    expect(config.auth.maxFrequency).toBe(90);
    // The CLI resolves signing_keys_path from the supabase/ folder.
    expect(config.auth.signingKeysPath).toBe(
      join(project, 'supabase', 'keys', 'signing_keys.json'),
    );
    expect(config.auth).toMatchObject({
      signingAlgorithm: 'ES256',
      securePasswordChange: true,
      enableManualLinking: true,
    });
    expect(config.auth.templates.invite).toEqual({
      subject: 'Join us',
      content: '<p>{{ .Email }}</p>',
    });
    expect(config.auth.templates.recovery.subject).toBe('Reset your password');
  });

  it('reads [auth.mfa] and [auth.mfa.totp], with GoTrue defaults for what is left out', () => {
    const path = join(project, 'mfa.toml');
    writeFileSync(
      path,
      '[auth.mfa]\nmax_enrolled_factors = 2\n\n[auth.mfa.totp]\nenroll_enabled = false\n',
    );
    expect(loadConfig({ configPath: path }).auth.mfa).toEqual({
      maxEnrolledFactors: 2,
      totpEnrollEnabled: false,
      totpVerifyEnabled: true,
    });
    expect(loadConfig().auth.mfa).toEqual({
      maxEnrolledFactors: 10,
      totpEnrollEnabled: true,
      totpVerifyEnabled: true,
    });
  });

  it('rejects invalid values with the file named', () => {
    const path = join(project, 'bad.toml');
    writeFileSync(path, '[auth]\njwt_expiry = "soon"\n');
    expect(() => loadConfig({ configPath: path })).toThrow(/Invalid .*bad\.toml/);
    expect(() => parseGoDuration('10 seconds')).toThrow(/Invalid duration/);
  });
});
