import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { hostForThisWindow } from './host.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(<App host={hostForThisWindow()} />);
