import { render } from 'preact';
import { App } from './App';
import { startRouter } from './router';

startRouter();
render(<App />, document.getElementById('app') as HTMLElement);
