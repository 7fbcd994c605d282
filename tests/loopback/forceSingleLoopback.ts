/**
 * Imported first by singleLoopback.test.ts: imports are evaluated in order, so the lab test files imported after it
 * find the override in place however early they build an AddressMap.
 */
process.env.LYNC_LAB_LOOPBACK = "single";
