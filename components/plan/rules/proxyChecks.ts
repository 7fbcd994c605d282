/** Plan check: a host name is published by at most one route per port (else the proxy's routing is ambiguous). */
import type { Plan } from "../types";
import type { Problem } from "../../spec/problems";

export function routeHostProblems(_spec: unknown, plan: Plan): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const route of plan.routes) {
    for (const host of route.listener.hostNames) {
      const key = `${route.listener.port}|${host}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, route.id);
      else {
        problems.push({
          path: "webServices",
          subject: host,
          rule: "UNIQUE",
          message: `${host} is published on port ${route.listener.port} by both ${first} and ${route.id}: give each web service its own name`,
        });
      }
    }
  }
  return problems;
}
