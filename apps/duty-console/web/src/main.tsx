import { render } from 'preact';
import { App } from './app';
import { restoreLanguage } from './i18n/i18n';
import { sessions } from './session/session-store';
import './styles.css';

restoreLanguage();
sessions.restore();
render(<App />, document.getElementById('app')!);
