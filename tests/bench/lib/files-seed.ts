// Fast seeding of a large documents store for files.bench.ts: plain SQL inserts in one transaction into
// file_nodes, file_versions, file_blobs, file_grants, file_texts and file_fts + file_fts_rows (bigrams from
// toIndexText, exactly what indexNode() writes), all versions pointing at one real shared blob. Not via HTTP: 100,000
// uploads would take hours and measure something else. Deterministic (seeded PRNG) for a given count.
//
// Layout (for the default 100,000 files; other counts scale):
//  - 教务处 department space: 20 top folders × 9 term folders = 200 folders, 70 % of the files; one folder
//    ("教研活动记录 / 2025-2026学年第一学期") holds exactly 500 items (the folder-listing target). Two top
//    folders are restricted (inherit off, named people only) and ~0.5 % of files are 机密 with a named
//    person: invisible to an ordinary member of 教务处 (and the 机密 ones to the admin as well).
//  - 财务室 (12 %, mostly budgets; 60 budgets shared with 教务处) and 德育处 (8 %) department spaces.
//  - five personal spaces (10 %), one of them the bench staff member's own.
import { performance } from 'node:perf_hooks';
import type { App } from '../../../server/app.js';
import { toIndexText } from '../../../server/lib/cjk-fts.js';
import { newId } from '../../../server/lib/ids.js';
import { nameKey } from '../../../server/modules/files/files.names.js';

export interface FilesSeedOptions {
  files: number;
  /** Username of the staff member the bench signs in as (member of 教务处, no files permission). */
  staffUsername: string;
}

export interface FilesSeedResult {
  files: number;
  folders: number;
  grants: number;
  texts: number;
  ms: number;
  academicSpaceId: string;
  bigFolderId: string;
  bigFolderItems: number;
  /** Where the bench uploads its large file (a folder in 教务处 the staff member may edit). */
  uploadFolderId: string;
  staffPersonalSpaceId: string;
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    chance: (p: number) => next() < p,
  };
}

const MIME: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
};

const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '政治', '信息技术', '体育', '美术', '音乐'];
const TOPICS = ['安全教育月', '期中考试', '期末考试', '教师节表彰', '校园开放日', '防溺水专题教育', '家长会', '运动会', '消防演练', '课后服务', '寒假放假', '新学期开学', '心理健康周', '读书节'];
const SCHOOL_YEARS = ['2023-2024', '2024-2025', '2025-2026'];
const TERMS = ['第一学期', '第二学期', '假期'];
const TAGS = ['重要', '公开课', '期中', '期末', '归档', '待审', '市级', '区级', '备课组', '评优'];

type Ctx = { r: ReturnType<typeof prng>; year: number; schoolYear: string };
interface Category {
  name: string;
  docType: string;
  /** A file name (unique suffix added by the caller), without extension. */
  name_: (c: Ctx) => string;
  ext: (c: Ctx) => string;
  restricted?: boolean;
}

const week = (c: Ctx) => 1 + c.r.int(20);
const CATEGORIES: Category[] = [
  { name: '教研活动记录', docType: 'teaching', name_: (c) => `${c.year}年第${week(c)}周教研活动记录`, ext: () => 'docx' },
  { name: '教学计划', docType: 'plan', name_: (c) => `${c.r.pick(SUBJECTS)}教学计划（${c.schoolYear}学年）`, ext: () => 'docx' },
  { name: '考试成绩', docType: 'grades', name_: (c) => `高${'一二三'[c.r.int(3)]}(${1 + c.r.int(12)})班${c.r.pick(['期中', '期末', '月考'])}考试成绩`, ext: () => 'xlsx' },
  { name: '教案课件', docType: 'teaching', name_: (c) => `${c.r.pick(SUBJECTS)}第${1 + c.r.int(30)}课教案`, ext: (c) => c.r.pick(['docx', 'pptx']) },
  { name: '会议纪要', docType: 'minutes', name_: (c) => `教务处工作会议纪要-${c.year}-${String(1 + c.r.int(12)).padStart(2, '0')}-${String(1 + c.r.int(28)).padStart(2, '0')}`, ext: () => 'docx' },
  { name: '通知公告', docType: 'notice', name_: (c) => `关于${c.r.pick(TOPICS)}的通知`, ext: (c) => c.r.pick(['pdf', 'docx']) },
  { name: '规章制度', docType: 'regulation', name_: (c) => `${c.r.pick(['教学常规', '学籍', '考务', '排课', '教材征订', '实验室'])}管理办法`, ext: () => 'pdf' },
  { name: '教研组活动', docType: 'teaching', name_: (c) => `${c.r.pick(SUBJECTS)}教研组教研活动记录`, ext: () => 'docx' },
  { name: '公开课', docType: 'teaching', name_: (c) => `${c.r.pick(SUBJECTS)}公开课评课记录`, ext: (c) => c.r.pick(['docx', 'jpg']) },
  { name: '工作总结', docType: 'plan', name_: (c) => `${c.schoolYear}学年${c.r.pick(TERMS)}教务工作总结`, ext: () => 'docx' },
  { name: '课表', docType: 'other', name_: (c) => `高${'一二三'[c.r.int(3)]}年级课程表（第${week(c)}周调整）`, ext: () => 'xlsx' },
  { name: '教材征订', docType: 'contract', name_: (c) => `${c.year}年秋季教材征订合同`, ext: () => 'pdf' },
  { name: '经费', docType: 'budget', name_: (c) => `${c.year}年度教务处${c.r.pick(['教研', '考务', '培训', '实验耗材'])}经费预算表`, ext: () => 'xlsx' },
  { name: '上级文件', docType: 'official', name_: (c) => `关于做好${c.r.pick(TOPICS)}工作的通知（教育局）`, ext: () => 'pdf' },
  { name: '学籍管理', docType: 'official', name_: (c) => `高${'一二三'[c.r.int(3)]}年级学籍异动登记表`, ext: () => 'xlsx' },
  { name: '竞赛', docType: 'other', name_: (c) => `${c.r.pick(SUBJECTS)}学科竞赛获奖名单`, ext: () => 'xlsx' },
  { name: '听课记录', docType: 'teaching', name_: (c) => `${c.r.pick(SUBJECTS)}听课记录表`, ext: () => 'docx' },
  { name: '质量分析', docType: 'grades', name_: (c) => `${c.r.pick(['期中', '期末'])}考试质量分析报告`, ext: () => 'docx' },
  { name: '考试命题（保密）', docType: 'grades', name_: (c) => `${c.r.pick(SUBJECTS)}${c.r.pick(['期中', '期末'])}试卷及答案`, ext: () => 'docx', restricted: true },
  { name: '人事档案（限阅）', docType: 'official', name_: (c) => `教师${c.r.pick(['职称评审', '年度考核', '岗位聘任'])}材料`, ext: () => 'pdf', restricted: true },
];
const FINANCE: Category[] = [
  { name: '预算', docType: 'budget', name_: (c) => `${c.year}年度${c.r.pick(['办公经费', '教学设备', '校舍维修', '食堂', '培训', '信息化'])}预算表`, ext: () => 'xlsx' },
  { name: '决算', docType: 'budget', name_: (c) => `${c.year}年${c.r.pick(['一', '二', '三', '四'])}季度预算执行情况`, ext: () => 'xlsx' },
  { name: '合同', docType: 'contract', name_: (c) => `${c.r.pick(['物业服务', '教学设备采购', '食堂食材', '校服采购'])}合同`, ext: () => 'pdf' },
  { name: '报销', docType: 'other', name_: (c) => `${c.r.pick(['差旅', '培训', '办公用品'])}报销单`, ext: () => 'pdf' },
  { name: '财务制度', docType: 'regulation', name_: (c) => `${c.r.pick(['预算', '报销', '资产'])}管理制度`, ext: () => 'pdf' },
];
const MORAL: Category[] = [
  { name: '主题班会', docType: 'plan', name_: (c) => `${c.r.pick(TOPICS)}主题班会方案`, ext: () => 'docx' },
  { name: '通知', docType: 'notice', name_: (c) => `关于开展${c.r.pick(TOPICS)}活动的通知`, ext: () => 'pdf' },
  { name: '德育会议', docType: 'minutes', name_: (c) => `班主任工作例会纪要-${c.year}-${String(1 + c.r.int(12)).padStart(2, '0')}`, ext: () => 'docx' },
  { name: '评优', docType: 'other', name_: (c) => `${c.schoolYear}学年${c.r.pick(['三好学生', '优秀班干部', '文明班级'])}评选名单`, ext: () => 'xlsx' },
  { name: '安全教育', docType: 'plan', name_: (c) => `${c.r.pick(['防溺水', '交通安全', '防欺凌'])}安全教育记录`, ext: () => 'docx' },
];
const PERSONAL: Category[] = [
  { name: '我的教案', docType: 'teaching', name_: (c) => `${c.r.pick(SUBJECTS)}第${1 + c.r.int(30)}课教案（个人）`, ext: (c) => c.r.pick(['docx', 'pptx']) },
  { name: '教研心得', docType: 'teaching', name_: () => '个人教研活动心得', ext: () => 'docx' },
  { name: '班级资料', docType: 'other', name_: (c) => `高${'一二三'[c.r.int(3)]}(${1 + c.r.int(12)})班学生名单`, ext: () => 'xlsx' },
  { name: '照片', docType: 'other', name_: (c) => `IMG_${c.year}${String(1000 + c.r.int(9000))}`, ext: () => 'jpg' },
];

const BODY_SENTENCES = [
  (c: Ctx) => `本次${c.r.pick(SUBJECTS)}教研活动围绕“${c.r.pick(['大单元教学', '作业设计', '课堂提问', '分层教学'])}”展开，全体组员参加。`,
  (c: Ctx) => `根据学校${c.year}年工作安排，现将${c.r.pick(TOPICS)}有关事项通知如下。`,
  (c: Ctx) => `本学期预算执行率为${50 + c.r.int(50)}%，${c.r.pick(['办公经费', '培训经费', '设备购置'])}支出控制在预算范围内。`,
  (c: Ctx) => `会议传达了教育局关于${c.r.pick(TOPICS)}的文件精神，并对下一阶段工作进行了部署。`,
  (c: Ctx) => `高${'一二三'[c.r.int(3)]}年级${c.r.pick(SUBJECTS)}平均分${60 + c.r.int(40)}分，优秀率${c.r.int(40)}%。`,
  (c: Ctx) => `请各教研组于第${week(c)}周前提交${c.r.pick(['教学计划', '听课记录', '教研活动记录', '质量分析'])}。`,
];

export async function seedFiles(app: App, opts: FilesSeedOptions): Promise<FilesSeedResult> {
  const started = performance.now();
  const { sqlite } = app.services.db;
  const blob = await app.services.files.blobs.putBytes(Buffer.from('PK\u0003\u0004 xiaoban bench shared blob: every seeded version points here\n'.repeat(64)));
  const r = prng(20260301);

  const users = sqlite.prepare(`SELECT id, username, display_name AS name, department_id AS departmentId FROM users WHERE active = 1 ORDER BY username`).all() as
    { id: string; username: string; name: string; departmentId: string | null }[];
  const depts = app.services.org.listDepartments();
  const dept = (name: string) => {
    const d = depts.find((x) => x.name === name);
    if (!d) throw new Error(`demo school has no department ${name}`);
    return d;
  };
  const staff = users.find((u) => u.username === opts.staffUsername);
  if (!staff) throw new Error(`no user ${opts.staffUsername}`);
  const academic = dept('教务处');
  const finance = dept('财务室');
  const moral = dept('德育处');
  if (staff.departmentId !== academic.id) throw new Error(`${opts.staffUsername} is not in 教务处`);
  const membersOf = (depId: string) => users.filter((u) => u.departmentId === depId);

  const s = {
    node: sqlite.prepare(`INSERT INTO file_nodes (id, kind, parent_id, ancestors, space_id, space_kind, space_owner, name, name_key, current_version_id, size, mime,
      doc_type, department_id, project, school_year, tags, sensitivity, inherit, has_grants, created_by, created_at, updated_by, updated_at)
      VALUES (@id, @kind, @parentId, @ancestors, @spaceId, @spaceKind, @spaceOwner, @name, @nameKey, @currentVersionId, @size, @mime,
      @docType, @departmentId, @project, @schoolYear, @tags, @sensitivity, @inherit, @hasGrants, @createdBy, @createdAt, @updatedBy, @updatedAt)`),
    version: sqlite.prepare(`INSERT INTO file_versions (id, node_id, number, sha256, size, mime, restored_from, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)`),
    blob: sqlite.prepare(`INSERT INTO file_blobs (sha256, size, created_at) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING`),
    grant: sqlite.prepare(`INSERT INTO file_grants (node_id, subject_type, subject_id, level, created_by, created_at) VALUES (?, ?, ?, ?, NULL, ?)`),
    fts: sqlite.prepare(`INSERT INTO file_fts (node_id, name, meta, body) VALUES (?, ?, ?, ?)`),
    ftsRow: sqlite.prepare(`INSERT INTO file_fts_rows (node_id, fts_rowid) VALUES (?, ?)`),
    text: sqlite.prepare(`INSERT INTO file_texts (node_id, version_id, content) VALUES (?, ?, ?)`),
  };

  // Time runs from 2023-09 to 2026-06; ids are time-sortable like real ones.
  const T0 = Date.parse('2023-09-01T00:00:00Z');
  const T1 = Date.parse('2026-06-30T00:00:00Z');
  const at = (ms: number) => new Date(ms).toISOString();
  let folders = 0;
  let grants = 0;
  let texts = 0;
  let fileCount = 0;

  interface Folder { id: string; ancestors: string; spaceId: string; spaceKind: string; spaceOwner: string | null; departmentId: string | null; schoolYear: string | null; names: Set<string> }
  const grant = (nodeId: string, type: string, subject: string, level: string) => {
    s.grant.run(nodeId, type, subject, level, at(T0));
    grants++;
  };
  // What repo.indexText() writes: the FTS row, and its rowid in file_fts_rows (migration 0005).
  const index = (id: string, name: string, meta: string[], body = '') => {
    const { lastInsertRowid } = s.fts.run(id, toIndexText(name), toIndexText(meta.filter(Boolean).join(' ')), body ? toIndexText(body) : '');
    s.ftsRow.run(id, lastInsertRowid);
  };

  function space(kind: 'department' | 'personal', owner: string, name: string, departmentId: string | null, spaceGrants: [string, string, string][]): Folder {
    const id = newId(T0);
    s.node.run({
      id, kind: 'folder', parentId: null, ancestors: '/', spaceId: id, spaceKind: kind, spaceOwner: owner, name, nameKey: nameKey(name), currentVersionId: null, size: null, mime: null,
      docType: null, departmentId, project: null, schoolYear: null, tags: '', sensitivity: 'internal', inherit: 1, hasGrants: spaceGrants.length ? 1 : 0,
      createdBy: null, createdAt: at(T0), updatedBy: null, updatedAt: at(T0),
    });
    for (const [t, sub, level] of spaceGrants) grant(id, t, sub, level);
    index(id, name, []);
    folders++;
    return { id, ancestors: '/', spaceId: id, spaceKind: kind, spaceOwner: owner, departmentId, schoolYear: null, names: new Set() };
  }

  function folder(parent: Folder, name: string, by: string, o: { schoolYear?: string; restrictTo?: string[] } = {}): Folder {
    const id = newId(T0 + r.int(30 * 86400_000));
    const restricted = !!o.restrictTo?.length;
    s.node.run({
      id, kind: 'folder', parentId: parent.id, ancestors: `${parent.ancestors}${parent.id}/`, spaceId: parent.spaceId, spaceKind: parent.spaceKind, spaceOwner: parent.spaceOwner,
      name, nameKey: nameKey(name), currentVersionId: null, size: null, mime: null, docType: null, departmentId: parent.departmentId, project: null,
      schoolYear: o.schoolYear ?? parent.schoolYear, tags: '', sensitivity: restricted ? 'sensitive' : 'internal', inherit: restricted ? 0 : 1, hasGrants: restricted ? 1 : 0,
      createdBy: by, createdAt: at(T0), updatedBy: by, updatedAt: at(T0),
    });
    for (const u of o.restrictTo ?? []) grant(id, 'user', u, 'manage');
    index(id, name, [o.schoolYear ?? parent.schoolYear ?? '']);
    folders++;
    parent.names.add(nameKey(name));
    return { id, ancestors: `${parent.ancestors}${parent.id}/`, spaceId: parent.spaceId, spaceKind: parent.spaceKind, spaceOwner: parent.spaceOwner, departmentId: parent.departmentId, schoolYear: o.schoolYear ?? parent.schoolYear, names: new Set() };
  }

  function file(parent: Folder, cat: Category, authors: readonly { id: string }[], o: { shareWithDept?: string; secretFor?: string } = {}): string {
    const ms = T0 + r.int(T1 - T0);
    const year = new Date(ms).getUTCFullYear();
    const schoolYear = parent.schoolYear ?? SCHOOL_YEARS[Math.min(2, Math.max(0, year - 2024 + (new Date(ms).getUTCMonth() >= 8 ? 1 : 0)))]!;
    const c: Ctx = { r, year, schoolYear };
    const ext = cat.ext(c);
    const base = cat.name_(c);
    let name = `${base}-${1 + r.int(40)}.${ext}`;
    while (parent.names.has(nameKey(name))) name = `${base}-${41 + r.int(2000)}.${ext}`;
    parent.names.add(nameKey(name));
    const id = newId(ms);
    const versionId = newId(ms);
    const author = r.pick(authors).id;
    const tags = r.chance(0.3) ? `|${[...new Set([r.pick(TAGS), ...(r.chance(0.3) ? [r.pick(TAGS)] : [])])].join('|')}|` : '';
    const secret = !!o.secretFor;
    const sensitivity = secret ? 'secret' : r.chance(0.05) ? 'sensitive' : r.chance(0.05) ? 'public' : 'internal';
    const hasGrants = secret || !!o.shareWithDept;
    s.node.run({
      id, kind: 'file', parentId: parent.id, ancestors: `${parent.ancestors}${parent.id}/`, spaceId: parent.spaceId, spaceKind: parent.spaceKind, spaceOwner: parent.spaceOwner,
      name, nameKey: nameKey(name), currentVersionId: versionId, size: blob.size, mime: MIME[ext]!, docType: cat.docType, departmentId: parent.departmentId, project: null,
      schoolYear, tags, sensitivity, inherit: 1, hasGrants: hasGrants ? 1 : 0, createdBy: author, createdAt: at(ms - r.int(7 * 86400_000)), updatedBy: author, updatedAt: at(ms),
    });
    s.version.run(versionId, id, 1, blob.sha256, blob.size, MIME[ext]!, author, at(ms));
    if (o.secretFor) grant(id, 'user', o.secretFor, 'manage');
    if (o.shareWithDept) grant(id, 'dept', o.shareWithDept, 'view');
    let body = '';
    if (ext !== 'jpg' && r.chance(0.2)) {
      body = Array.from({ length: 3 + r.int(4) }, () => r.pick(BODY_SENTENCES)(c)).join('');
      s.text.run(id, versionId, body);
      texts++;
    }
    index(id, name, [cat.docType, schoolYear, ...tags.split('|')], body);
    fileCount++;
    return id;
  }

  let result!: FilesSeedResult;
  sqlite.transaction(() => {
    s.blob.run(blob.sha256, blob.size, at(T0));
    const total = opts.files;
    const nAcademic = Math.round(total * 0.7);
    const nFinance = Math.round(total * 0.12);
    const nMoral = Math.round(total * 0.08);
    const nPersonal = total - nAcademic - nFinance - nMoral;

    // 教务处: 20 top folders × 9 term folders.
    const acMembers = membersOf(academic.id);
    const head = academic.headId ?? acMembers[0]!.id;
    // Department spaces carry only the dept_tree grant, like ensureSpaces(): the checkpoint gives the head manage.
    const A = space('department', academic.id, academic.name, academic.id, [['dept_tree', academic.id, 'edit']]);
    const leaves: { f: Folder; cat: Category; name: string }[] = [];
    for (const cat of CATEGORIES) {
      const top = folder(A, cat.name, head, cat.restricted ? { restrictTo: [head] } : {});
      for (const sy of SCHOOL_YEARS) for (const term of TERMS) leaves.push({ f: folder(top, `${sy}学年${term}`, head, { schoolYear: sy }), cat, name: `${sy}学年${term}` });
    }
    // The listing target: 教研活动记录 / 2025-2026学年第一学期 gets exactly BIG items; the rest share the remainder.
    const big = leaves.find((l) => l.cat === CATEGORIES[0] && l.name === '2025-2026学年第一学期')!;
    const BIG = Math.min(500, nAcademic);
    for (let i = 0; i < BIG; i++) file(big.f, big.cat, acMembers, r.chance(0.005) ? { secretFor: head } : {});
    const others = leaves.filter((l) => l !== big);
    for (let i = 0; i < nAcademic - BIG; i++) {
      let l = others[r.int(others.length)]!;
      // Budgets are rare in 教务处 (most live in 财务室, which the staff member cannot see).
      while (l.cat.docType === 'budget' && r.chance(0.7)) l = others[r.int(others.length)]!;
      file(l.f, l.cat, acMembers, r.chance(0.005) ? { secretFor: head } : {});
    }
    const upload = folder(A, '公开课录像', head);

    // 财务室 and 德育处: department spaces the staff member does not belong to.
    const fiMembers = membersOf(finance.id);
    const F = space('department', finance.id, finance.name, finance.id, [['dept_tree', finance.id, 'edit']]);
    const fLeaves = FINANCE.flatMap((cat) => {
      const top = folder(F, cat.name, fiMembers[0]!.id);
      return SCHOOL_YEARS.slice(1).map((sy) => ({ f: folder(top, `${sy}学年`, fiMembers[0]!.id, { schoolYear: sy }), cat }));
    });
    let shared = 0;
    for (let i = 0; i < nFinance; i++) {
      const l = r.chance(0.6) ? fLeaves[r.int(4)]! : fLeaves[r.int(fLeaves.length)]!; // 60 % budgets (the first two categories)
      const share = l.cat.docType === 'budget' && shared < 60 && r.chance(0.01);
      if (share) shared++;
      file(l.f, l.cat, fiMembers, share ? { shareWithDept: academic.id } : {});
    }
    const moMembers = membersOf(moral.id);
    const M = space('department', moral.id, moral.name, moral.id, [['dept_tree', moral.id, 'edit']]);
    const mLeaves = MORAL.flatMap((cat) => {
      const top = folder(M, cat.name, moMembers[0]!.id);
      return [folder(top, '2024-2025学年', moMembers[0]!.id, { schoolYear: '2024-2025' }), folder(top, '2025-2026学年', moMembers[0]!.id, { schoolYear: '2025-2026' })].map((f) => ({ f, cat }));
    });
    for (let i = 0; i < nMoral; i++) {
      const l = mLeaves[r.int(mLeaves.length)]!;
      file(l.f, l.cat, moMembers);
    }

    // Personal spaces: the staff member's own and four colleagues'.
    const owners = [staff, ...users.filter((u) => u.id !== staff.id && u.departmentId && u.username !== 'admin').slice(0, 4)];
    let staffPersonal = '';
    owners.forEach((u, k) => {
      const P = space('personal', u.id, u.name, null, [['user', u.id, 'manage']]);
      if (u.id === staff.id) staffPersonal = P.id;
      const pLeaves = PERSONAL.map((cat) => ({ f: folder(P, cat.name, u.id), cat }));
      const n = Math.floor(nPersonal / owners.length) + (k < nPersonal % owners.length ? 1 : 0);
      for (let i = 0; i < n; i++) {
        const l = pLeaves[r.int(pLeaves.length)]!;
        file(l.f, l.cat, [u]);
      }
    });

    result = {
      files: fileCount, folders, grants, texts, ms: 0,
      academicSpaceId: A.id, bigFolderId: big.f.id, bigFolderItems: BIG, uploadFolderId: upload.id, staffPersonalSpaceId: staffPersonal,
    };
  }).immediate();
  if (process.env.XB_BENCH_ANALYZE === '1') sqlite.exec('ANALYZE');
  result.ms = performance.now() - started;
  return result;
}
