/**
 * The floor as a program module, loaded as a language host loads a program (bench/programs.ts
 * floorModuleProgram): the SDK records the whole call stack with every resource and the engine keeps it in the
 * checkpoint, so the floor must be reached through the same module loading as the library's index.ts, or the
 * comparison measures the harness (BENCHMARKS.md "Under the real engine").
 */
import { readFileSync } from "node:fs";
import { FLOOR_FILE_ENV, FLOOR_STYLE_ENV, floorProgram, type FloorResource, type FloorStyle } from "./programs";

const file = process.env[FLOOR_FILE_ENV];
if (file === undefined) throw new Error(`${FLOOR_FILE_ENV} names no file of the floor's resources`);
const style = (process.env[FLOOR_STYLE_ENV] ?? "sdk") as FloorStyle;
const register = floorProgram(JSON.parse(readFileSync(file, "utf8")) as FloorResource[], style);
// The components floor registers as the project's program does (index.ts sets registerWithoutStackTraces): what is
// left between it and the library is the library's own code. The plain floor is a plain program.
const limit = Error.stackTraceLimit;
if (style === "components") Error.stackTraceLimit = 0;
try {
  register();
} finally {
  Error.stackTraceLimit = limit;
}
