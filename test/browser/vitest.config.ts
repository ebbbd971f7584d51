import { defineConfig } from 'vitest/config';

/** The browser stage of `npm test`: one file, one world, one Chromium, the tests of the file in order. */
export default defineConfig({
    test: {
        include: ['test/browser/**/*.test.ts'],
        pool: 'forks',
        fileParallelism: false,
        testTimeout: 90_000,
        hookTimeout: 120_000
    }
});
