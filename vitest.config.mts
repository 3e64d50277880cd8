import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/lint/**/*.test.ts'],
          exclude: ['src/**/*.lab.test.ts', 'src/**/*.electron.test.ts', 'node_modules/**'],
          environment: 'node',
          // Some unit tests run real tools (ShellCheck over every script, ssh-keygen making an RSA key): seconds each on
          // an idle machine, more while the lab lanes run beside them. 5 s (the default) failed them under load.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['test/lab/**/*.test.ts', 'test/wsl-standin/**/*.test.ts', 'src/**/*.lab.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'electron',
          include: ['test/electron/**/*.electron.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
