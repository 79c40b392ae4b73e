/**
 * Helpers for users' own test suites: given/when/then for the decider, fast-check
 * arbitraries and policy verification (see the README's "Testing your policy").
 */
export * from './given-when-then';
