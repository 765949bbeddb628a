export { createFormsModule, type FormsModule, type FormsModuleDeps } from './forms.module.js';
export type { AttachmentsPort } from './forms.ports.js';
export { AttachmentRef } from './forms.dto.js';
