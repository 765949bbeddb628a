// The documents API contract: the routes validate with these schemas and the PWA imports the types.
import { Type, type Static, type TSchema } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Id = Type.String({ pattern: '^[0-9a-z]{26}$' });

/** view: metadata + preview; download: the original bytes; edit: new versions, rename, classify; manage: share, move, delete. */
export const ACCESS_LEVELS = ['view', 'download', 'edit', 'manage'] as const;
export const AccessLevel = Type.Union([Type.Literal('view'), Type.Literal('download'), Type.Literal('edit'), Type.Literal('manage')]);
export type AccessLevel = Static<typeof AccessLevel>;

/** 公开 / 内部 / 敏感 / 机密. Sensitive and secret are watermarked and audited; secret is for named people only. */
export const SENSITIVITIES = ['public', 'internal', 'sensitive', 'secret'] as const;
export const Sensitivity = Type.Union([Type.Literal('public'), Type.Literal('internal'), Type.Literal('sensitive'), Type.Literal('secret')]);
export type Sensitivity = Static<typeof Sensitivity>;

export const SPACE_KINDS = ['school', 'department', 'project', 'personal'] as const;
export const SpaceKind = Type.Union([Type.Literal('school'), Type.Literal('department'), Type.Literal('project'), Type.Literal('personal')]);
export type SpaceKind = Static<typeof SpaceKind>;

export const NodeKind = Type.Union([Type.Literal('folder'), Type.Literal('file')]);
export type NodeKind = Static<typeof NodeKind>;

export const PreviewStatus = Type.Union([Type.Literal('pending'), Type.Literal('ready'), Type.Literal('failed'), Type.Literal('none')]);
export type PreviewStatus = Static<typeof PreviewStatus>;

/** What a list row shows. `size` of a folder is null. `level` is the caller's effective access. */
export const FileNode = Type.Object({
  id: Type.String(),
  kind: NodeKind,
  name: Type.String(),
  parentId: Nullable(Type.String()),
  spaceId: Type.String(),
  spaceKind: SpaceKind,
  size: Nullable(Type.Integer()),
  mime: Nullable(Type.String()),
  versionId: Nullable(Type.String()),
  versionNumber: Nullable(Type.Integer()),
  docType: Nullable(Type.String()),
  departmentId: Nullable(Type.String()),
  project: Nullable(Type.String()),
  schoolYear: Nullable(Type.String()),
  tags: Type.Array(Type.String()),
  sensitivity: Sensitivity,
  /** The label in force: the strictest of this node's and its folders'. */
  effectiveSensitivity: Sensitivity,
  level: AccessLevel,
  hasThumbnail: Type.Boolean(),
  createdBy: Nullable(Type.String()),
  createdByName: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  updatedByName: Nullable(Type.String()),
});
export type FileNode = Static<typeof FileNode>;

export const Crumb = Type.Object({ id: Type.String(), name: Type.String() });
export type Crumb = Static<typeof Crumb>;

export const SortKey = Type.Union([Type.Literal('name'), Type.Literal('updated'), Type.Literal('size'), Type.Literal('type')]);
export const ListQuery = Type.Object(
  {
    sort: Type.Optional(SortKey),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
    docType: Type.Optional(Type.String({ maxLength: 40 })),
    departmentId: Type.Optional(Id),
    project: Type.Optional(Type.String({ maxLength: 100 })),
    schoolYear: Type.Optional(Type.String({ pattern: '^[0-9]{4}-[0-9]{4}$' })),
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    sensitivity: Type.Optional(Sensitivity),
    /** Name contains (case-insensitive). */
    name: Type.Optional(Type.String({ maxLength: 100 })),
    /** Only inside this folder's subtree (all levels). */
    within: Type.Optional(Id),
    kind: Type.Optional(NodeKind),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuery>;

export const FolderListing = Type.Object({
  folder: FileNode,
  breadcrumbs: Type.Array(Crumb),
  items: Type.Array(FileNode),
  nextCursor: Nullable(Type.String()),
});
export type FolderListing = Static<typeof FolderListing>;

export const NodePage = Type.Object({ items: Type.Array(FileNode), nextCursor: Nullable(Type.String()) });
export type NodePage = Static<typeof NodePage>;

export const Spaces = Type.Object({
  school: Nullable(FileNode),
  personal: FileNode,
  departments: Type.Array(FileNode),
  projects: Type.Array(FileNode),
});
export type Spaces = Static<typeof Spaces>;

export const ProjectSpaceCreate = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const FolderCreate = Type.Object({ parentId: Id, name: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false });
export type FolderCreate = Static<typeof FolderCreate>;

export const Classification = {
  docType: Type.Optional(Nullable(Type.String({ maxLength: 40 }))),
  departmentId: Type.Optional(Nullable(Id)),
  project: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  schoolYear: Type.Optional(Nullable(Type.String({ pattern: '^[0-9]{4}-[0-9]{4}$' }))),
  tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 })),
};

export const NodePatch = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })), parentId: Type.Optional(Id), sensitivity: Type.Optional(Sensitivity), ...Classification },
  { additionalProperties: false, minProperties: 1 },
);
export type NodePatch = Static<typeof NodePatch>;

export const FileVersion = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  size: Type.Integer(),
  mime: Type.String(),
  sha256: Type.String(),
  createdBy: Nullable(Type.String()),
  createdByName: Nullable(Type.String()),
  createdAt: Type.String(),
  /** Set when this version was made by rolling back to an older one. */
  restoredFrom: Nullable(Type.Integer()),
  current: Type.Boolean(),
});
export type FileVersion = Static<typeof FileVersion>;

export const GrantSubjectType = Type.Union([Type.Literal('user'), Type.Literal('dept'), Type.Literal('dept_tree'), Type.Literal('role'), Type.Literal('all')]);
export type GrantSubjectType = Static<typeof GrantSubjectType>;

export const GrantInput = Type.Object(
  { subjectType: GrantSubjectType, subjectId: Type.String({ maxLength: 40 }), level: AccessLevel },
  { additionalProperties: false },
);
export type GrantInput = Static<typeof GrantInput>;

export const Grant = Type.Object({ ...GrantInput.properties, subjectName: Type.String(), inheritedFrom: Nullable(Crumb) });
export type Grant = Static<typeof Grant>;

export const Sharing = Type.Object({
  inherit: Type.Boolean(),
  sensitivity: Sensitivity,
  effectiveSensitivity: Sensitivity,
  grants: Type.Array(Grant),
  inherited: Type.Array(Grant),
});
export type Sharing = Static<typeof Sharing>;

export const SharingUpdate = Type.Object(
  { inherit: Type.Boolean(), grants: Type.Array(GrantInput, { maxItems: 200 }) },
  { additionalProperties: false },
);
export type SharingUpdate = Static<typeof SharingUpdate>;

export const NodeDetail = Type.Object({
  node: FileNode,
  breadcrumbs: Type.Array(Crumb),
  /** Viewer's name + time on previews and downloads of sensitive/secret files. */
  watermark: Nullable(Type.String()),
});
export type NodeDetail = Static<typeof NodeDetail>;

export const PreviewInfo = Type.Object({
  versionId: Type.String(),
  status: PreviewStatus,
  /** pdf: render `url` with pdf.js; image: show `url`; none: no preview for this type. */
  kind: Type.Union([Type.Literal('pdf'), Type.Literal('image'), Type.Literal('none')]),
  url: Nullable(Type.String()),
  pages: Nullable(Type.Integer()),
  error: Nullable(Type.String()),
  watermark: Nullable(Type.String()),
});
export type PreviewInfo = Static<typeof PreviewInfo>;

export const TrashItem = Type.Object({
  node: FileNode,
  deletedAt: Type.String(),
  deletedByName: Nullable(Type.String()),
  originalPath: Type.String(),
  /** Files inside a deleted folder, counted. */
  contains: Type.Integer(),
});
export type TrashItem = Static<typeof TrashItem>;

export const SearchQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 100 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })) },
  { additionalProperties: false },
);
export const SearchHit = Type.Object({ node: FileNode, snippet: Nullable(Type.String()), path: Type.String() });
export type SearchHit = Static<typeof SearchHit>;
export const SearchResult = Type.Object({ items: Type.Array(SearchHit) });

export const DocType = Type.Object({ key: Type.String({ minLength: 1, maxLength: 40 }), zh: Type.String({ minLength: 1, maxLength: 40 }), en: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false });
export type DocType = Static<typeof DocType>;

export const RetentionPolicy = Type.Object(
  {
    /** Every version younger than this is kept. */
    keepAllDays: Type.Integer({ minimum: 1, maximum: 3650 }),
    /** After that, one version per week is kept for this many days more (0: weekly ones are kept for ever). */
    weeklyForDays: Type.Integer({ minimum: 0, maximum: 36500 }),
  },
  { additionalProperties: false },
);
export type RetentionPolicy = Static<typeof RetentionPolicy>;

export const FilesPolicy = Type.Object(
  {
    docTypes: Type.Array(DocType, { minItems: 1, maxItems: 100 }),
    retention: RetentionPolicy,
    /** Default quota for personal spaces in bytes; null: no limit. */
    personalQuota: Nullable(Type.Integer({ minimum: 0 })),
    /** Default quota for department spaces in bytes; null: no limit. */
    departmentQuota: Nullable(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type FilesPolicy = Static<typeof FilesPolicy>;
export const FilesPolicyPatch = Type.Partial(FilesPolicy, { additionalProperties: false, minProperties: 1 });
export type FilesPolicyPatch = Static<typeof FilesPolicyPatch>;

export const QuotaUsage = Type.Object({ spaceId: Type.String(), name: Type.String(), used: Type.Integer(), limit: Nullable(Type.Integer()) });
export type QuotaUsage = Static<typeof QuotaUsage>;

export const QuotaSet = Type.Object({ spaceId: Id, limit: Nullable(Type.Integer({ minimum: 0 })) }, { additionalProperties: false });

// ── annotations ──────────────────────────────────────────
/** Page coordinates are fractions of the page (0..1), so they survive zoom and device size. */
export const Point = Type.Object({ x: Type.Number({ minimum: 0, maximum: 1 }), y: Type.Number({ minimum: 0, maximum: 1 }) }, { additionalProperties: false });
export const AnnotationShape = Type.Union([
  Type.Object({ type: Type.Literal('note'), at: Point }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('highlight'), from: Point, to: Point }, { additionalProperties: false }),
  Type.Object(
    { type: Type.Literal('ink'), strokes: Type.Array(Type.Array(Point, { minItems: 1, maxItems: 2000 }), { minItems: 1, maxItems: 50 }), width: Type.Number({ minimum: 0.0005, maximum: 0.05 }) },
    { additionalProperties: false },
  ),
]);
export type AnnotationShape = Static<typeof AnnotationShape>;
export const PEN_COLOURS = ['#e53935', '#1e88e5', '#43a047', '#fdd835', '#212121'] as const;
export const PenColour = Type.Union([Type.Literal('#e53935'), Type.Literal('#1e88e5'), Type.Literal('#43a047'), Type.Literal('#fdd835'), Type.Literal('#212121')]);

export const AnnotationCreate = Type.Object(
  {
    versionId: Id,
    page: Type.Integer({ minimum: 1, maximum: 100000 }),
    shape: AnnotationShape,
    colour: PenColour,
    text: Type.String({ maxLength: 2000 }),
    assigneeId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export type AnnotationCreate = Static<typeof AnnotationCreate>;

export const AnnotationPatch = Type.Object(
  { text: Type.Optional(Type.String({ maxLength: 2000 })), assigneeId: Type.Optional(Nullable(Id)), status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved')])) },
  { additionalProperties: false, minProperties: 1 },
);
export type AnnotationPatch = Static<typeof AnnotationPatch>;

export const AnnotationReply = Type.Object({ id: Type.String(), authorId: Type.String(), authorName: Type.String(), body: Type.String(), createdAt: Type.String() });
export type AnnotationReply = Static<typeof AnnotationReply>;

export const Annotation = Type.Object({
  id: Type.String(),
  fileId: Type.String(),
  fileName: Type.String(),
  versionId: Type.String(),
  versionNumber: Type.Integer(),
  page: Type.Integer(),
  shape: AnnotationShape,
  colour: Type.String(),
  text: Type.String(),
  authorId: Type.String(),
  authorName: Type.String(),
  assigneeId: Nullable(Type.String()),
  assigneeName: Nullable(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
  resolvedByName: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  createdAt: Type.String(),
  replies: Type.Array(AnnotationReply),
});
export type Annotation = Static<typeof Annotation>;
export const AnnotationList = Type.Object({ items: Type.Array(Annotation) });
export const ReplyCreate = Type.Object({ body: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });

/** tus Upload-Metadata keys the PWA sends (values are UTF-8, base64 on the wire). */
export interface UploadMetadata {
  filename: string;
  /** New file (or new version of the same-named file) in this folder … */
  parentId?: string;
  /** … or a new version of this file. */
  fileId?: string;
  /** Folder uploads: "子目录/文件.docx" relative to parentId; missing folders are created. */
  relativePath?: string;
}
/** Body of the last PATCH when the upload is complete. */
export const UploadDone = Type.Object({ node: FileNode, version: FileVersion, newFile: Type.Boolean() });
export type UploadDone = Static<typeof UploadDone>;
