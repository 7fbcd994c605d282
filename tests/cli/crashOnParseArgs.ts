// Preloaded by tests/cli/exitCodes.test.ts (`node --import tsx --import ./tests/cli/crashOnParseArgs.ts TOOL`): every
// tool parses its command line first, through node:util's parseArgs, which this replaces with one that fails the way
// a bug would (a plain Error, no ERR_PARSE_ARGS_ code). No hook in the tools: the crash path is the real one.
import util from "node:util";

(util as { parseArgs: unknown }).parseArgs = () => {
  throw new TypeError("injected: a bug in the tool");
};
