import { describe, expect, it } from 'vitest';
import { formatDuration, recordingUrl } from './api-recordings';

describe('recordings helpers', () => {
  it('formats lengths as a player shows them', () => {
    expect(formatDuration(7734)).toBe('0:08');
    expect(formatDuration(65_000)).toBe('1:05');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(-1)).toBe('–');
  });
  it('plays from the documents store', () => {
    expect(recordingUrl('abc')).toBe('/api/files/nodes/abc/content');
  });
});
