import { describe, expect, it } from 'vitest';
import { STORAGE_KEY, ZOOM_STEPS, applyZoom, changeZoom, readZoom, stepZoom } from './zoom';
import { memoryStorage as memory } from '../test/fixtures';

describe('the text size', () => {
  it('is normal on a computer that never changed it', () => {
    expect(readZoom(memory())).toBe(1);
    expect(readZoom(null)).toBe(1);
  });

  it('steps up and down, and stops at both ends', () => {
    expect(stepZoom(1, 1)).toBe(1.1);
    expect(stepZoom(1.1, -1)).toBe(1);
    expect(stepZoom(ZOOM_STEPS[ZOOM_STEPS.length - 1] ?? 2, 1)).toBe(ZOOM_STEPS[ZOOM_STEPS.length - 1]);
    expect(stepZoom(ZOOM_STEPS[0] ?? 0.8, -1)).toBe(ZOOM_STEPS[0]);
    // A value between two steps goes to the neighbouring step.
    expect(stepZoom(1.05, 1)).toBe(1.1);
    expect(stepZoom(1.05, -1)).toBe(1);
  });

  it('is remembered on this computer and applied to the page', () => {
    const storage = memory();
    const root = document.createElement('html');
    expect(changeZoom('in', root, storage)).toBe(1.1);
    expect(changeZoom('in', root, storage)).toBe(1.25);
    expect(storage.getItem(STORAGE_KEY)).toBe('1.25');
    expect(root.style.getPropertyValue('--zoom')).toBe('1.25');
    // Next start: the stored size comes back.
    expect(readZoom(storage)).toBe(1.25);
    expect(changeZoom('out', root, storage)).toBe(1.1);
    expect(changeZoom('reset', root, storage)).toBe(1);
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    expect(root.style.getPropertyValue('--zoom')).toBe('');
  });

  it('ignores a stored value that is not one of the sizes', () => {
    const storage = memory();
    for (const bad of ['abc', '0', '-1', '100', '']) {
      storage.setItem(STORAGE_KEY, bad);
      expect(readZoom(storage)).toBe(1);
    }
    const root = document.createElement('html');
    applyZoom(root, 1.4);
    expect(root.style.getPropertyValue('--zoom')).toBe('1.4');
  });
});
