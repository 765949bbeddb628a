// Uploading a form's attachments: tus (as the files pages do) into the person's own space, in a folder per
// filling-in (表单附件/<date time>/) so a second "image.jpg" never becomes a new version of an older file.
// The answer holds the file node ids; the server checks the person may read them when the form is submitted.
import { Upload, type DetailedError } from 'tus-js-client';
import { ApiError } from '../../../api/client';
import type { UploadDone } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { rendererApi } from './api-renderer';

const ENDPOINT = '/api/files/uploads';
const CHUNK_SIZE = 8 * 1024 * 1024;
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000, 20000];

/** Characters a file or folder name cannot hold on the server (files.names.ts). */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]/g;

export function safeName(name: string): string {
  const s = name.normalize('NFC').replace(FORBIDDEN, '_').trim().replace(/\.+$/, '');
  return s || 'file';
}

/** '报告.docx' → '报告 (2).docx' (the server's own rule for a taken name). */
export function alternativeName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** The folder of one filling-in: '表单附件/2026-03-02 081530'. */
export function uploadDirFor(now: Date, root: string): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())} ${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${safeName(root)}/${stamp}`;
}

/** Names already used in each upload folder during this page's life. */
const usedNames = new Map<string, Set<string>>();

export function uniqueNameIn(dir: string, name: string): string {
  let used = usedNames.get(dir);
  if (!used) usedNames.set(dir, (used = new Set()));
  const clean = safeName(name);
  let candidate = clean;
  for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = alternativeName(clean, n);
  used.add(candidate.toLowerCase());
  return candidate;
}

function describe(err: Error | DetailedError): string {
  const res = (err as DetailedError).originalResponse ?? null;
  if (!res || res.getStatus() === 0) return t('forms.field.uploadNetwork');
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(res.getBody() || '{}') as Record<string, unknown>;
  } catch {
    /* not JSON */
  }
  const extras: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (!['type', 'title', 'status', 'detail', 'code', 'requestId'].includes(k)) extras[k] = v;
  if (typeof extras.maxSize === 'number') extras.max = `${Math.round(extras.maxSize / 1024 ** 2)} MB`;
  return errorText(
    new ApiError({
      code: typeof body.code === 'string' ? body.code : `HTTP_${res.getStatus()}`,
      status: res.getStatus(),
      title: typeof body.title === 'string' ? body.title : undefined,
      detail: typeof body.detail === 'string' ? body.detail : undefined,
      extras,
    }),
  );
}

export interface RunningUpload {
  done: Promise<UploadDone>;
  /** Stop and delete what reached the server. */
  cancel: () => void;
}

/** Upload one file into `dir` below the personal space; progress is reported as 0…1. */
export function uploadFormFile(file: File, dir: string, onProgress: (fraction: number) => void): RunningUpload {
  let upload: Upload | null = null;
  let cancelled = false;
  const name = uniqueNameIn(dir, file.name);
  const done = new Promise<UploadDone>((resolve, reject) => {
    rendererApi
      .personalSpaceId()
      .then((parentId) => {
        if (cancelled) return reject(new Error('cancelled'));
        upload = new Upload(file, {
          endpoint: ENDPOINT,
          chunkSize: CHUNK_SIZE,
          retryDelays: RETRY_DELAYS,
          metadata: { filename: name, parentId, relativePath: `${dir}/${name}` },
          storeFingerprintForResuming: false,
          onProgress: (sent, total) => onProgress(total ? sent / total : 0),
          onSuccess: ({ lastResponse }) => {
            try {
              const result = JSON.parse(lastResponse.getBody()) as UploadDone;
              rendererApi.rememberNode(result.node);
              resolve(result);
            } catch {
              reject(new Error(t('forms.field.uploadFailed')));
            }
          },
          onError: (err) => reject(new Error(describe(err))),
        });
        upload.start();
      })
      .catch((e: unknown) => reject(new Error(e instanceof ApiError ? errorText(e) : t('forms.field.uploadFailed'))));
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      void upload?.abort(true).catch(() => undefined);
    },
  };
}
