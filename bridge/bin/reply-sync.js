#!/usr/bin/env node
// `reply-sync` / `npx reply-sync`: runs the TypeScript CLI through tsx (a runtime dependency), no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
