import { describe, expect, it } from 'vitest';
import { cleanName } from '../../src-shared/domain/text';
import { reservedNameRefusal } from './names';

describe('names no person may have (issue 18 #8)', () => {
  it('refuses UNKNOWN USER however it is written: case, spacing, look-alike letters, full width, digits for letters', () => {
    for (const name of ['UNKNOWN USER', 'Unknown User', 'unknownuser', 'UNKNOWN  USER', 'UΝΚΝОWΝ USЕR', 'ＵＮＫＮＯＷＮ ＵＳＥＲ', 'UNKN0WN USER', 'Unknown-User', cleanName('UNKNOWN\u200b USER')]) {
      expect(reservedNameRefusal(name), name).toMatch(/reads as UNKNOWN USER/);
    }
  });

  it('lets every other name be', () => {
    for (const name of ['Alice Nguyen', 'Unknown Pleasures', 'User Unknown', 'Known User', 'Ünknöwn Üser Jr', '山田 太郎']) expect(reservedNameRefusal(name), name).toBeNull();
  });
});
