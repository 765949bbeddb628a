// The demo school: a realistic, fully fictional senior high school to try everything at once.
// Pure data + a deterministic generator (no randomness): the same call always gives the same school.
//
// Demo credentials (the password is DEMO_PASSWORD in admin.demo-seed.ts):
//   admin      系统管理员 (信息中心), role admin
//   t2012001   周振华, 校长 (principal; dept_head of 校长办公室) — every other account's username is its employee number, lower-case
//   t2020005   林晓燕, 综合办公室主任 (admin)      t2014007  宋佳怡, 综合办公室干事 (admin)
//   t2012021   曾凡宇, 信息中心主任 (it)           t2008029  杜建华, 高一年级组长 (dept_head of 高一年级组)
// Phone numbers are in the fictional 1380013xxxx block; e-mail addresses use the demo-school.cn domain.
// The forms the demo publishes and its sample approvals (who has what waiting) are in admin.demo-forms.ts.
// Its notices are in admin.demo-notices.ts; the accounts above (DEMO_FRESH_ACCOUNTS) find them unopened.
import type { RoleName } from '../org/index.js';

export interface DemoDepartment {
  key: string;
  name: string;
  parentKey?: string;
  headKey?: string;
}
export interface DemoPosition {
  name: string;
  /** Higher = more senior. */
  rank: number;
}
export interface DemoPerson {
  key: string;
  username: string;
  displayName: string;
  employeeNo: string | null;
  phone: string | null;
  email: string;
  departmentKey: string;
  position: string;
  supervisorKey?: string;
  roles: { role: RoleName; departmentKey?: string }[];
}
export interface DemoSchool {
  school: { name: string; timeZone: string };
  departments: DemoDepartment[];
  positions: DemoPosition[];
  people: DemoPerson[];
}

export const DEMO_ADMIN_USERNAME = 'admin';
export const DEMO_EMAIL_DOMAIN = 'demo-school.cn';

const DEPARTMENTS: DemoDepartment[] = [
  { key: 'principal_office', name: '校长办公室', headKey: 'principal' },
  { key: 'general_office', name: '综合办公室', headKey: 'go_director' },
  { key: 'academic', name: '教务处', headKey: 'ac_director' },
  { key: 'moral', name: '德育处', headKey: 'mo_director' },
  { key: 'logistics', name: '总务处', headKey: 'lo_director' },
  { key: 'research', name: '教科室', headKey: 're_director' },
  { key: 'it', name: '信息中心', headKey: 'it_director' },
  { key: 'finance', name: '财务室', headKey: 'fi_director' },
  { key: 'grades', name: '年级组', headKey: 'grades_director' },
  { key: 'grade1', name: '高一年级组', parentKey: 'grades', headKey: 'grade1_head' },
  { key: 'grade2', name: '高二年级组', parentKey: 'grades', headKey: 'grade2_head' },
  { key: 'grade3', name: '高三年级组', parentKey: 'grades', headKey: 'grade3_head' },
  { key: 'union', name: '工会', headKey: 'union_chair' },
];

const POSITIONS: DemoPosition[] = [
  { name: '校长', rank: 100 },
  { name: '副校长', rank: 90 },
  { name: '主任', rank: 70 },
  { name: '工会主席', rank: 70 },
  { name: '副主任', rank: 60 },
  { name: '年级组长', rank: 50 },
  { name: '教研组长', rank: 40 },
  { name: '教师', rank: 20 },
  { name: '会计', rank: 20 },
  { name: '出纳', rank: 20 },
  { name: '网络管理员', rank: 20 },
  { name: '干事', rank: 10 },
];

/** [key, name, departmentKey, position, supervisorKey, extra roles ('principal', 'admin', 'it'; 'dept_head' is added for heads)] */
type Row = [string, string, string, string, string | null, RoleName[]];

const LEADERS: Row[] = [
  ['principal', '周振华', 'principal_office', '校长', null, ['principal']],
  ['vp_teaching', '陈立新', 'principal_office', '副校长', 'principal', ['principal']],
  ['vp_affairs', '郭秀英', 'principal_office', '副校长', 'principal', ['principal']],
  ['po_clerk', '韩雪', 'principal_office', '干事', 'principal', []],
  ['go_director', '林晓燕', 'general_office', '主任', 'principal', ['admin']],
  ['go_deputy', '吴建平', 'general_office', '副主任', 'go_director', []],
  ['go_clerk1', '宋佳怡', 'general_office', '干事', 'go_deputy', ['admin']],
  ['go_clerk2', '邓子涵', 'general_office', '干事', 'go_deputy', []],
  ['ac_director', '黄志强', 'academic', '主任', 'vp_teaching', []],
  ['ac_deputy', '孙丽娟', 'academic', '副主任', 'ac_director', []],
  ['ac_clerk1', '马晨阳', 'academic', '干事', 'ac_deputy', []],
  ['ac_clerk2', '朱婷婷', 'academic', '干事', 'ac_deputy', []],
  ['mo_director', '梁淑芬', 'moral', '主任', 'vp_affairs', []],
  ['mo_deputy', '谢文斌', 'moral', '副主任', 'mo_director', []],
  ['mo_clerk', '唐欣然', 'moral', '干事', 'mo_deputy', []],
  ['lo_director', '胡国庆', 'logistics', '主任', 'vp_affairs', []],
  ['lo_clerk1', '何永红', 'logistics', '干事', 'lo_director', []],
  ['lo_clerk2', '罗俊杰', 'logistics', '干事', 'lo_director', []],
  ['re_director', '许明哲', 'research', '主任', 'vp_teaching', []],
  ['re_clerk', '冯雅琴', 'research', '干事', 're_director', []],
  ['it_director', '曾凡宇', 'it', '主任', 'vp_affairs', ['it']],
  ['it_netadmin', '彭浩然', 'it', '网络管理员', 'it_director', ['it']],
  ['fi_director', '董慧敏', 'finance', '主任', 'vp_affairs', []],
  ['fi_accountant', '袁春梅', 'finance', '会计', 'fi_director', []],
  ['fi_cashier', '蒋欣怡', 'finance', '出纳', 'fi_director', []],
  ['grades_director', '潘卫东', 'grades', '主任', 'vp_teaching', []],
  ['union_chair', '于海燕', 'union', '工会主席', 'principal', []],
  ['union_clerk', '蔡亚楠', 'union', '干事', 'union_chair', []],
];

/** Per grade: the head (年级组长), two 教研组长, then teachers. */
const GRADE_STAFF: Record<'grade1' | 'grade2' | 'grade3', string[]> = {
  grade1: ['杜建华', '叶红梅', '程思远', '苏晓东', '魏静', '吕婷', '丁一凡', '任佳琪', '沈梦洁', '姚伟明', '卢秀兰', '姜文博', '崔玉霞', '钟子轩', '谭丽萍', '陆家豪', '汪雨桐', '范志刚'],
  grade2: ['金晓峰', '石慧娟', '廖明辉', '贾春燕', '夏天宇', '韦秀珍', '付晓光', '方雨萱', '白宇航', '邹丽华', '孟凡超', '熊文静', '秦书瑶', '邱宏伟', '江海涛', '尹思琪', '薛晓丽', '欧阳明远'],
  grade3: ['段红霞', '雷振宇', '侯丽清', '龙俊峰', '史雅婷', '陶国平', '黎晓军', '贺美玲', '顾晨曦', '毛建军', '郝晓梅', '龚志伟', '邵雪梅', '万嘉怡', '严宏亮', '覃丽萍', '武新宇', '古丽米拉·艾买提'],
};

function allRows(): Row[] {
  const rows = [...LEADERS];
  for (const [grade, names] of Object.entries(GRADE_STAFF)) {
    names.forEach((name, i) => {
      const head = `${grade}_head`;
      if (i === 0) rows.push([head, name, grade, '年级组长', 'grades_director', []]);
      else rows.push([`${grade}_t${String(i).padStart(2, '0')}`, name, grade, i <= 2 ? '教研组长' : '教师', head, []]);
    });
  }
  return rows;
}

/** The demo school. Deterministic: employee numbers, phones and e-mails derive from each person's place in the list. */
export function demoSchool(): DemoSchool {
  const headOf = new Map(DEPARTMENTS.filter((d) => d.headKey).map((d) => [d.headKey!, d.key]));
  const people: DemoPerson[] = allRows().map(([key, displayName, departmentKey, position, supervisorKey, extra], i) => {
    const seq = i + 1;
    const year = 2005 + ((seq * 7) % 20); // a plausible hiring year; the sequence keeps numbers unique
    const employeeNo = `T${year}${String(seq).padStart(3, '0')}`;
    const username = employeeNo.toLowerCase();
    const roles: DemoPerson['roles'] = [{ role: 'staff' }];
    for (const role of extra) roles.push({ role });
    const headed = headOf.get(key);
    if (headed) roles.push({ role: 'dept_head', departmentKey: headed });
    return {
      key, username, displayName, employeeNo,
      phone: `1380013${String(8000 + seq)}`,
      email: `${username}@${DEMO_EMAIL_DOMAIN}`,
      departmentKey, position,
      ...(supervisorKey ? { supervisorKey } : {}),
      roles,
    };
  });
  people.push({
    key: 'sysadmin',
    username: DEMO_ADMIN_USERNAME,
    displayName: '系统管理员',
    employeeNo: null,
    phone: null,
    email: `admin@${DEMO_EMAIL_DOMAIN}`,
    departmentKey: 'it',
    position: '网络管理员',
    supervisorKey: 'it_director',
    roles: [{ role: 'admin' }],
  });
  return {
    school: { name: '示范市第一中学', timeZone: 'Asia/Shanghai' },
    departments: DEPARTMENTS.map((d) => ({ ...d })),
    positions: POSITIONS.map((p) => ({ ...p })),
    people,
  };
}
