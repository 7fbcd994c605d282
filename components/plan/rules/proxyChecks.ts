/** Plan check: a host name is published by at most one route per port (else the proxy's routing is ambiguous). */
import type { DeploymentSpec } from "../../spec/types";
import type { Plan } from "../types";
import type { Problem } from "../../spec/problems";
import { resolveNames } from "../names";

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

/**
 * Row 10, S4: the admin URL is internal only. Option 3 puts it as a path on the published shared host
 * (`https://<host>/Admin`), and the route then refuses that path (proxy.ts); an admin URL that is a whole host the
 * reverse proxy publishes (the external web FQDN, the dial-in host, the shared host without a path) would be
 * reachable from the Internet.
 */
export function adminUrlProblems(spec: DeploymentSpec, plan: Plan): Problem[] {
  const admin = spec.simpleUrls.adminUrl;
  if (admin === undefined || !URL.canParse(admin)) return [];
  const { adminHost: host, adminPath } = resolveNames(spec);
  // Every route that publishes the host must refuse the admin path (only https-web does, and only for a path).
  const route = plan.routes.find(
    (r) => r.listener.hostNames.includes(host!) && !(r.paths.allow === "all" && adminPath && r.paths.deny?.includes(adminPath)),
  );
  if (!route) return [];
  return [
    {
      path: "simpleUrls.adminUrl",
      subject: host,
      rule: "S4",
      message: `the admin URL must stay internal, but ${host} is published by the reverse proxy (${route.id}, every path forwarded): give it a host of its own that is not published, or a path on it that the route refuses (https://${host}/Admin, S4 option 3)`,
    },
  ];
}
