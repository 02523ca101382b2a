export declare const sharedTestConfig: import('vitest/node').TestUserConfig;
