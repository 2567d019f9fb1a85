import { describe, expect, it } from 'vitest';
import { secondFactorPending } from './second-factor';

const withFactors = (...statuses: string[]) => ({
  user: { factors: statuses.map((status, i) => ({ id: String(i), status })) },
});

describe('secondFactorPending', () => {
  it('sends an aal1 session of a user with a verified factor to the code step', () => {
    expect(secondFactorPending({ aal: 'aal1' }, withFactors('verified'))).toBe(true);
    expect(secondFactorPending({ aal: 'aal1' }, withFactors('unverified', 'verified'))).toBe(true);
  });

  it('lets aal2 sessions, users without a verified factor and odd cookies through', () => {
    expect(secondFactorPending({ aal: 'aal2' }, withFactors('verified'))).toBe(false);
    expect(secondFactorPending({ aal: 'aal1' }, withFactors('unverified'))).toBe(false);
    expect(secondFactorPending({ aal: 'aal1' }, withFactors())).toBe(false);
    expect(secondFactorPending({ aal: 'aal1' }, undefined)).toBe(false);
    expect(secondFactorPending({ aal: 'aal1' }, { user: { factors: 'verified' } })).toBe(false);
    expect(secondFactorPending({ aal: 'aal1' }, { user: { factors: [null] } })).toBe(false);
  });
});
