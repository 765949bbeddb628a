import { describe, expect, it } from 'vitest';
import { isValidChineseId } from './cn.js';

describe('isValidChineseId', () => {
  it.each([
    '11010519491231002X', // the GB 11643 example
    '11010519491231002x', // lowercase check character
    '440304200002291236', // 29 Feb of a leap year (2000)
    '310115198506154218',
    '320583199911110002', // check digit 0
    '110101190001010014', // first accepted year
    '110101210012310018', // last accepted year
  ])('accepts %s', (id) => {
    expect(isValidChineseId(id)).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(isValidChineseId('110105194912310021')).toBe(false);
    expect(isValidChineseId('440304200002291237')).toBe(false);
    expect(isValidChineseId('31011519850615421X')).toBe(false);
  });

  it('rejects a single changed digit (checksum catches it)', () => {
    expect(isValidChineseId('11010519491231003X')).toBe(false);
    expect(isValidChineseId('21010519491231002X')).toBe(false);
  });

  it('rejects wrong lengths and characters', () => {
    expect(isValidChineseId('')).toBe(false);
    expect(isValidChineseId('11010519491231002')).toBe(false);
    expect(isValidChineseId('11010519491231002X1')).toBe(false);
    expect(isValidChineseId('110105194912310X2X')).toBe(false);
    expect(isValidChineseId(' 11010519491231002X')).toBe(false);
    expect(isValidChineseId('１１０１０５１９４９１２３１００２Ｘ')).toBe(false); // full-width: normalise first
    expect(isValidChineseId('110105490101001')).toBe(false); // old 15-digit numbers are not accepted
  });

  // The check digits below are correct, so only the date rule can reject them.
  it('rejects birth dates that do not exist', () => {
    const withCheck = (first17: string) => {
      const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
      let sum = 0;
      for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]!;
      return first17 + '10X98765432'[sum % 11];
    };
    expect(isValidChineseId(withCheck('11010520240229001'))).toBe(true); // 2024 is a leap year
    expect(isValidChineseId(withCheck('11010519000229001'))).toBe(false); // 1900 is not
    expect(isValidChineseId(withCheck('11010520230229001'))).toBe(false);
    expect(isValidChineseId(withCheck('11010520230431001'))).toBe(false);
    expect(isValidChineseId(withCheck('11010520231301001'))).toBe(false);
    expect(isValidChineseId(withCheck('11010520230001001'))).toBe(false);
    expect(isValidChineseId(withCheck('11010520230100001'))).toBe(false);
    expect(isValidChineseId(withCheck('11010518991231001'))).toBe(false);
    expect(isValidChineseId(withCheck('11010521010101001'))).toBe(false);
  });
});
