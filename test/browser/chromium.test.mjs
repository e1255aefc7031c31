// Debian's Chromium, driven by playwright-core; native WebCodecs hidden, the polyfill installed.
import { defineBrowserSuite } from './suite.mjs';

defineBrowserSuite('chromium');
