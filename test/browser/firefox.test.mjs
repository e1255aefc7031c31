// Debian's Firefox ESR with WebCodecs switched off by prefs, driven by puppeteer-core (WebDriver BiDi).
import { defineBrowserSuite } from './suite.mjs';

defineBrowserSuite('firefox');
