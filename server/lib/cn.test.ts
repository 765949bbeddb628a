import { describe, expect, it } from 'vitest';
import {
  formatMobile, isValidChineseName, isValidEmail, isValidUsername, maskMobile, normalizeEmail, normalizeMobile,
  normalizePersonName, normalizeText, normalizeUsername, suggestUsername, uniqueUsername,
} from './cn.js';

describe('normalizeMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['  15912345678 ', '15912345678'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-13800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['(+86) 139 1234 5678', '13912345678'],
    ['１３８００１３８０００', '13800138000'], // full-width digits
    ['＋８６ １８６－１２３４－５６７８', '18612345678'],
    ['138\u30000013\u30008000', '13800138000'], // ideographic spaces
    ['199 9999 0000', '19999990000'],
    ['166.1234.5678', '16612345678'],
    ['\u200B13800138000', '13800138000'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });

  it('accepts a number (an Excel cell)', () => {
    expect(normalizeMobile(13800138000)).toBe('13800138000');
    expect(normalizeMobile(1.5)).toBeNull();
  });

  it.each([
    '', '   ', '1380013800', '138001380001', '12800138000', '10086', '23800138000',
    '010-62751234', '0755-88888888', '+1 415 555 0100', '138OO138OOO', '8613800138000x', 'abc', '+8612800138000',
  ])('rejects %j', (input) => {
    expect(normalizeMobile(input)).toBeNull();
  });

  it('rejects null and undefined', () => {
    expect(normalizeMobile(null)).toBeNull();
    expect(normalizeMobile(undefined)).toBeNull();
  });
});

describe('formatMobile / maskMobile', () => {
  it('formats in 3-4-4 groups', () => {
    expect(formatMobile('13800138000')).toBe('138 0013 8000');
    expect(formatMobile('+86 159-1234-5678')).toBe('159 1234 5678');
    expect(formatMobile(' 0755-1234 ')).toBe('0755-1234');
    expect(formatMobile(null)).toBe('');
  });
  it('masks the middle four digits', () => {
    expect(maskMobile('13800138000')).toBe('138****8000');
    expect(maskMobile('+86 186 1234 5678')).toBe('186****5678');
    expect(maskMobile('0755-88881234')).toBe('*********1234');
    expect(maskMobile('123')).toBe('***');
    expect(maskMobile(undefined)).toBe('');
  });
});

describe('isValidChineseName', () => {
  it.each([
    '张伟', '王芳', '欧阳修远', '司马云飞', '李晓梅', '诸葛明轩',
    '阿依古丽·买买提', '阿依古丽•买买提', '阿依古丽・买买提', '阿依古丽.买买提', '买买提·艾力·吐尔逊',
    '王  芳', '　陈静　', '张\u3000三', '𠮷田', '䶮然', '龘龘',
    'John Smith', 'Mary-Jane O\'Neil', 'J. K. Rowling', 'José García', 'Anna', 'Li Wei',
    'ＪＯＨＮ ＳＭＩＴＨ',
  ])('accepts %j', (name) => {
    expect(isValidChineseName(name)).toBe(true);
  });

  it.each([
    '', ' ', '张', 'A', '张三3', '张三!', '·买买提', '买买提·', '阿依古丽··买买提', '李A', 'admin123', '王芳<script>',
    '张'.repeat(21), 'a'.repeat(41), 'John  --', '😀😀', 'Иван Петров', '김철수',
  ])('rejects %j', (name) => {
    expect(isValidChineseName(name)).toBe(false);
  });

  it('allows exactly 20 Han and 40 Latin characters', () => {
    expect(isValidChineseName('张'.repeat(20))).toBe(true);
    expect(isValidChineseName('a'.repeat(40))).toBe(true);
  });
});

describe('normalizePersonName / normalizeText', () => {
  it('cleans Chinese names', () => {
    expect(normalizePersonName(' 王  芳 ')).toBe('王芳');
    expect(normalizePersonName('阿依古丽 • 买买提')).toBe('阿依古丽·买买提');
    expect(normalizePersonName('\u3000陈静\u3000')).toBe('陈静');
  });
  it('keeps spaces in Latin names', () => {
    expect(normalizePersonName('  John   Smith ')).toBe('John Smith');
  });
  it('NFKC-folds, trims and collapses whitespace', () => {
    expect(normalizeText('  教务处 ')).toBe('教务处');
    expect(normalizeText('ＡＢＣ　１２３')).toBe('ABC 123');
    expect(normalizeText('a \t\n b')).toBe('a b');
    expect(normalizeText('\uFEFF姓名')).toBe('姓名');
    expect(normalizeText(null)).toBe('');
  });
});

describe('isValidEmail', () => {
  it.each(['zhangwei@demo-school.cn', 'Li.Ming@163.com', 'a+b@qq.com', ' x_y@mail.example.edu.cn ', 'ｔｅｓｔ＠ｑｑ．ｃｏｍ'])(
    'accepts %j',
    (e) => expect(isValidEmail(e)).toBe(true),
  );
  it.each(['', 'zhangwei', 'zhangwei@', '@qq.com', 'a@b', 'a@@qq.com', 'a b@qq.com', '.a@qq.com', 'a..b@qq.com', 'a@-qq.com', '张伟@qq.com', `${'a'.repeat(65)}@qq.com`])(
    'rejects %j',
    (e) => expect(isValidEmail(e)).toBe(false),
  );
  it('normalises to lower case', () => {
    expect(normalizeEmail(' Li.Ming@163.COM ')).toBe('li.ming@163.com');
  });
});

describe('usernames', () => {
  it('validates ascii usernames', () => {
    expect(isValidUsername('t2024001')).toBe(true);
    expect(isValidUsername('Zhang.Wei')).toBe(true); // lower-cased first
    expect(normalizeUsername(' Zhang.Wei ')).toBe('zhang.wei');
    expect(isValidUsername('ab')).toBe(false);
    expect(isValidUsername('-abc')).toBe(false);
    expect(isValidUsername('张伟')).toBe(false);
    expect(isValidUsername('a'.repeat(33))).toBe(false);
  });

  it('suggests from the employee number', () => {
    expect(suggestUsername({ employeeNo: 'T2024001' }, new Set())).toBe('t2024001');
    expect(suggestUsername({ employeeNo: ' T-2024/001 ', phone: '13800138000' }, new Set())).toBe('t-2024001');
    expect(suggestUsername({ employeeNo: '7' }, new Set())).toBe('t007');
  });

  it('falls back to t + the last 8 mobile digits', () => {
    expect(suggestUsername({ employeeNo: '', phone: '+86 138 0013 8000' }, new Set())).toBe('t00138000');
    expect(suggestUsername({ employeeNo: '工号', phone: '13912345678' }, new Set())).toBe('t12345678');
    expect(suggestUsername({ phone: 'bad' }, new Set())).toBeNull();
    expect(suggestUsername({}, new Set())).toBeNull();
  });

  it('makes the suggestion unique with a suffix', () => {
    const taken = new Set(['t2024001', 't2024001-2']);
    expect(suggestUsername({ employeeNo: 'T2024001' }, taken)).toBe('t2024001-3');
    const long = 'x'.repeat(32);
    expect(uniqueUsername(long, new Set([long]))).toBe(`${'x'.repeat(30)}-2`);
    expect(uniqueUsername('abc', new Set())).toBe('abc');
  });
});
