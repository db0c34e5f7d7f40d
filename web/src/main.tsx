import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// i18n first: the first render must already be in the remembered language.
import './i18n/index.ts';
import { App } from './app.tsx';
import './styles.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html lacks the #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
