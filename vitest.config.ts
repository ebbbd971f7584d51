import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['test/**/*.test.ts'],
        // The console in Chromium is its own stage of npm test (test/browser/vitest.config.ts).
        exclude: [...configDefaults.exclude, 'test/browser/**'],
        pool: 'forks',
        testTimeout: 60_000,
        hookTimeout: 60_000,
        reporters: process.env.CI ? ['default'] : ['default']
    }
});
