// The page's entry, kept small on purpose: it starts reading the database (early-read.ts) and only
// then loads the app (app-main.tsx), so the read runs while the app's code is fetched and compiled.
import { earlyRead } from './early-read.ts';
import './styles/app.css';

void earlyRead;
void import('./app-main.tsx');
