import { render } from 'preact';
import { App } from './app';
import { initOutbox } from './state/outbox';
import { bootstrap } from './state/session';
import { registerServiceWorker } from './sw-register';
import './ui/styles/tokens.css';
import './ui/styles/base.css';
import './ui/styles/components.css';
import './ui/styles/forms.css';
import './ui/styles/shell.css';
import './ui/styles/pages.css';

void bootstrap();
initOutbox();
render(<App />, document.getElementById('app')!);
window.addEventListener('load', () => void registerServiceWorker());
