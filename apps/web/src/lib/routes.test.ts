import { describe, expect, it } from 'vitest';
import { isPublicPath, isSignedOutOnlyPath } from './routes';

describe('isPublicPath', () => {
  it('opens the landing page, the auth pages and invitation links to everyone', () => {
    for (const path of [
      '/',
      '/sign-in',
      '/sign-up',
      '/forgot-password',
      '/auth/confirm',
      '/auth/error',
      '/invitations/accept',
    ]) {
      expect(isPublicPath(path), path).toBe(true);
    }
  });

  it('keeps every other page behind a session', () => {
    for (const path of [
      '/dashboard',
      '/profile',
      '/orgs/1',
      '/orgs/1/settings',
      '/auth',
      '/invitations',
    ]) {
      expect(isPublicPath(path), path).toBe(false);
    }
  });
});

describe('isSignedOutOnlyPath', () => {
  it('sends signed-in users away from the landing, sign-in and sign-up pages only', () => {
    expect(['/', '/sign-in', '/sign-up'].every(isSignedOutOnlyPath)).toBe(true);
    expect(
      ['/forgot-password', '/auth/confirm', '/invitations/accept', '/dashboard'].some(
        isSignedOutOnlyPath,
      ),
    ).toBe(false);
  });
});
