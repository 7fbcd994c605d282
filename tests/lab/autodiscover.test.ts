// The autodiscover stand-in follows MS-OCDISCWS content negotiation: clients name the representation they read in
// Accept (XML: desktop clients; JSON: mobile and UCWA clients) and ignore any other answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { AUTODISCOVER_JSON, AUTODISCOVER_XML, autodiscoverAnswer } from "../../lab/standIns";

const REDIRECT = "https://webext.contoso.com/autodiscover/autodiscoverservice.svc/root?sipuri=a@contoso.com&x=1";

async function ask(accept: string | undefined): Promise<{ status: number; type: string; body: string }> {
  const server = http.createServer((req, res) => autodiscoverAnswer(req, res, "web:8080", { href: "http://x/" }, { redirect: { href: REDIRECT } }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      const req = http.get({ host: "127.0.0.1", port, path: "/", headers: accept === undefined ? {} : { accept } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
      });
      req.on("error", reject);
    });
  } finally {
    server.close();
  }
}

test("Accept: ...autodiscover+xml;v=1 -> an XML AutodiscoverResponse whose Root holds the Redirect link, escaped", async () => {
  const r = await ask(`${AUTODISCOVER_XML};v=1`);
  assert.equal(r.status, 200);
  assert.equal(r.type, `${AUTODISCOVER_XML}; v=1`);
  assert.match(
    r.body,
    /^<\?xml version="1\.0" encoding="utf-8"\?>\n<AutodiscoverResponse xmlns="http:\/\/schemas\.microsoft\.com\/rtc\/2012\/03\/autodiscover"/,
  );
  assert.match(
    r.body,
    /<Root>\n {4}<Link token="Redirect" href="https:\/\/webext\.contoso\.com\/autodiscover\/autodiscoverservice\.svc\/root\?sipuri=a@contoso\.com&amp;x=1" \/>\n {2}<\/Root>/,
  );
});

test("Accept: ...autodiscover+json;v=1, application/json or none -> JSON _links; anything else -> 406", async () => {
  for (const accept of [`${AUTODISCOVER_JSON};v=1`, "application/json", undefined]) {
    const r = await ask(accept);
    assert.equal(r.status, 200, String(accept));
    assert.equal(r.type, `${AUTODISCOVER_JSON}; v=1`);
    assert.deepEqual(JSON.parse(r.body), { _links: { self: { href: "http://x/" }, redirect: { href: REDIRECT } } });
  }
  assert.equal((await ask("text/html")).status, 406);
});
