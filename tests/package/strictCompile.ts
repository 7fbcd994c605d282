/**
 * A consumer's `tsc` under the strictest settings a user may have: no esModuleInterop, no skipLibCheck (every
 * declaration file the program reaches is checked, the library's and whatever it imports), strict,
 * exactOptionalPropertyTypes and the other opt-in checks, once with `module: commonjs` (classic node resolution) and
 * once with `module: nodenext` (a CommonJS `.ts` and an ES module `.mts` consumer both).
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "../harness/stackExamples";

const STRICTEST = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noPropertyAccessFromIndexSignature: true,
  esModuleInterop: false,
  allowSyntheticDefaultImports: false,
  skipLibCheck: false,
  target: "ES2022",
  lib: ["ES2022"],
  types: ["node"],
};

export const MODULE_SETTINGS = {
  commonjs: { module: "commonjs", moduleResolution: "node10" },
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
} as const;
export type ModuleSetting = keyof typeof MODULE_SETTINGS;

/**
 * Compiles `files` (relative to `program`) with the strictest settings and the given module setting. `outDir` set:
 * emits JavaScript there; otherwise type checks only. Returns tsc's diagnostics ("" when it passed).
 */
export function strictCompile(program: string, files: readonly string[], setting: ModuleSetting, outDir?: string): string {
  const config = `tsconfig.${setting}.json`;
  const emit = outDir === undefined ? { noEmit: true } : { outDir, rootDir: "." };
  writeFileSync(
    path.join(program, config),
    JSON.stringify({ compilerOptions: { ...STRICTEST, ...MODULE_SETTINGS[setting], ...emit }, files }, null, 2),
  );
  try {
    execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", config], {
      cwd: program,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return "";
  } catch (e) {
    const failed = e as { stdout?: string; stderr?: string; message: string };
    return `${failed.stdout ?? ""}${failed.stderr ?? ""}` || failed.message;
  }
}
