import { describe, expect, it } from 'vitest';
import { describeSize, fileTooLargeMessage } from './fileProtocol';

describe('sizes as people read them', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1024, '1 KB'],
    [300_000, '293 KB'],
    [1536 * 1024, '1.5 MB'],
    [25 * 1024 * 1024, '25 MB'],
  ])('%d → %s', (bytes, text) => expect(describeSize(bytes)).toBe(text));

  it('says what the limit is', () => {
    expect(fileTooLargeMessage(25 * 1024 * 1024)).toBe('File too large: the limit is 25 MB.');
  });
});
