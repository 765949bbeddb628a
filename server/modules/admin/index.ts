export { adminRoutes } from './admin.routes.js';
export { createSetupService, type SetupService } from './admin.setup.js';
export { seedDemoSchool, DEMO_PASSWORD } from './admin.demo-seed.js';
