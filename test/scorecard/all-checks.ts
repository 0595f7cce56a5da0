import type { Check } from './check.js';
import { BUNDLE_CHECKS } from './checks-bundles.js';
import { NAVIGATION_CHECKS } from './checks-navigation.js';
import { REST_CHECKS } from './checks-rest.js';
import { SEARCH_CHECKS } from './checks-search.js';

/** Every check of the scorecard, in the order they run. */
export const ALL_CHECKS: Check[] = [...REST_CHECKS, ...SEARCH_CHECKS, ...NAVIGATION_CHECKS, ...BUNDLE_CHECKS];
