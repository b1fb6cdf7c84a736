import { render } from 'preact';
import { App } from './App';
import { startRouter } from './router';
import { startOutbox } from './survey/ui';

startRouter();
render(<App />, document.getElementById('app') as HTMLElement);
startOutbox();

// The service worker (public/sw.js) keeps the app's own files, so a survey
// interview opens with no connection. Not in the dev server, whose files change.
if ('serviceWorker' in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e: unknown) => console.warn('kith: no offline copy of the app', e));
}
