import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toIndexText, toMatchQuery } from './cjk-fts.js';

describe('toIndexText', () => {
  it.each([
    ['预算', '预算 算'],
    ['预', '预'],
    ['2026年度预算表', '2026 年度 度预 预算 算表 表'],
    ['2026年预算表v2', '2026 年预 预算 算表 表 v2'],
    ['Budget 2026', 'budget 2026'],
    ['ＡＢＣ１２３　校办', 'abc123 校办 办'], // full-width letters, digits and space
    ['通知，请查收。', '通知 知 请查 查收 收'], // Chinese punctuation separates runs
    ['《关于2026年度工作的通知》', '关于 于 2026 年度 度工 工作 作的 的通 通知 知'],
    ['e-mail: foo_bar@x.cn', 'e mail foo bar x cn'],
    ['欧阳·娜娜', '欧阳 阳 娜娜 娜'],
    ['々と〇', '々と と〇 〇'], // iteration mark and ideographic zero stay inside the run
    ['コーヒー', 'コー ーヒ ヒー ー'],
    ['', ''],
    ['，。！？', ''],
  ])('%j → %j', (input, expected) => {
    expect(toIndexText(input)).toBe(expected);
  });

  it('keeps astral Han characters whole', () => {
    expect(toIndexText('𠮷野家')).toBe('𠮷野 野家 家');
  });
});

describe('toMatchQuery', () => {
  it.each([
    ['预算', '"预算"'],
    ['年度预算', '"年度 度预 预算"'],
    ['预', '"预"*'],
    ['budget', '"budget"*'],
    ['BUDGET', '"budget"*'],
    ['2026 预算', '"2026"* AND "预算"'],
    ['2026年预算表v2', '"2026"* AND "年预 预算 算表" AND "v2"*'],
    ['预算，决算', '"预算" AND "决算"'],
    ['ｂｕｄｇｅｔ', '"budget"*'],
    ['a OR b', '"a"* AND "or"* AND "b"*'],
    ['NEAR(a b)', '"near"* AND "a"* AND "b"*'],
    ['title:foo', '"title"* AND "foo"*'],
    ['"预算', '"预算"'],
    ['^foo*', '"foo"*'],
  ])('%j → %j', (input, expected) => {
    expect(toMatchQuery(input)).toBe(expected);
  });

  it.each(['', '   ', '"', '*', '()', ':', '，。、！', '""', '-+^'])('%j has nothing searchable', (input) => {
    expect(toMatchQuery(input)).toBeNull();
  });

  it('caps the number of terms', () => {
    const q = toMatchQuery(Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '))!;
    expect(q.split(' AND ')).toHaveLength(32);
  });
});

describe('against a real FTS5 table', () => {
  let db: Database.Database;
  const docs = [
    '2026年度预算表',
    'Budget 2026',
    '关于召开期末家长会的通知',
    '2025年度决算报告',
    '预算，表格分开写', // punctuation between runs: "算表" must not match across it
  ];

  beforeAll(() => {
    db = new Database(':memory:');
    db.exec('CREATE VIRTUAL TABLE t USING fts5(body)');
    const ins = db.prepare('INSERT INTO t(rowid, body) VALUES (?, ?)');
    docs.forEach((d, i) => ins.run(i + 1, toIndexText(d)));
  });
  afterAll(() => db.close());

  function search(q: string): string[] {
    const m = toMatchQuery(q);
    if (m === null) return [];
    const rows = db.prepare('SELECT rowid AS id FROM t WHERE t MATCH ? ORDER BY rowid').all(m) as { id: number }[];
    return rows.map((r) => docs[r.id - 1]!);
  }

  it.each(['预算', '年度预算', '算表', '预', '度预算', '表', '2026 预算', '2026年度', '２０２６', '年度预算表'])(
    '%j finds 2026年度预算表',
    (q) => {
      expect(search(q)).toContain('2026年度预算表');
    },
  );

  it('"决算" finds only the final accounts', () => {
    expect(search('决算')).toEqual(['2025年度决算报告']);
  });

  it('does not match a bigram across punctuation', () => {
    expect(search('算表')).toEqual(['2026年度预算表']);
  });

  it('finds English words by prefix, case-insensitively', () => {
    expect(search('budget')).toEqual(['Budget 2026']);
    expect(search('BUD')).toEqual(['Budget 2026']);
  });

  it('needs every term', () => {
    expect(search('2026')).toEqual(['2026年度预算表', 'Budget 2026']);
    expect(search('2026 budget')).toEqual(['Budget 2026']);
    expect(search('家长会 预算')).toEqual([]);
    expect(search('家长会 通知')).toEqual(['关于召开期末家长会的通知']);
  });

  it.each([
    '"', '*', 'NEAR(', 'NEAR(a b, 3)', 'a OR', 'OR', 'AND', 'NOT', 'a NOT', ')', '(', ':', 'body:', 'body:预算',
    '', '   ', '，。！？', '^', '"预算" OR "x', '{body}: x', '-x', '+', 'a*b', '* *', '\u0000', '😀', '\\',
  ])('%j never throws', (q) => {
    expect(() => search(q)).not.toThrow();
  });

  it('indexes 10,000 rows and answers a query', () => {
    const big = new Database(':memory:');
    try {
      big.exec('CREATE VIRTUAL TABLE t USING fts5(body)');
      const ins = big.prepare('INSERT INTO t(body) VALUES (?)');
      const words = ['预算', '通知', '会议', '教学', '安排', '报告', '学生', '家长', '课程', '考试'];
      big.transaction(() => {
        for (let i = 0; i < 10_000; i++) {
          const text = `${words[i % 10]}${words[(i * 7) % 10]}第${i}号 doc${i}`;
          ins.run(toIndexText(text));
        }
      })();
      const n = big.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?').get(toMatchQuery('通知家长')) as { n: number };
      expect(n.n).toBeGreaterThan(0);
      const one = big.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?').get(toMatchQuery('doc1234')) as { n: number };
      expect(one.n).toBe(1);
    } finally {
      big.close();
    }
  });
});
