import { describe, expect, it } from 'vitest';
import { field } from './form-state';

describe('field', () => {
  it('trims text fields and gives "" for missing ones and files', () => {
    const form = new FormData();
    form.set('title', '  Buy milk \n');
    form.set('upload', new Blob(['x']), 'a.txt');
    expect(field(form, 'title')).toBe('Buy milk');
    expect(field(form, 'missing')).toBe('');
    expect(field(form, 'upload')).toBe('');
  });
});
