// Loopback front door for the conformance run: one port per marketplace, as sellkit has one
// base URL per marketplace while the specifications are split per API. Requests are passed
// to the Prism mock that serves the matching specification (by path prefix); OAuth token
// requests, which no specification in ../shared/specs describes, get a fixed test token.
// Every request is counted by operation path and answer status into a JSON file at exit.
//
// usage: node router.mjs PORT STATS_FILE PREFIX=UPSTREAM_PORT[=strip]...
// (`=strip` removes the prefix: the eBay specifications state it as their server's base path,
// which Prism does not serve under.)
import http from "node:http";
import fs from "node:fs";

const [port, statsFile, ...routes] = process.argv.slice(2);
const table = routes.map((r) => {
  const [prefix, upstream, strip] = r.split("=");
  return { prefix, upstream: Number(upstream), strip: strip === "strip" };
});
const stats = { requests: 0, tokens: 0, unrouted: 0, by_path: {}, by_status: {} };

function save() {
  fs.writeFileSync(statsFile, JSON.stringify(stats, null, 1));
}

const server = http.createServer((req, res) => {
  const path = req.url.split("?")[0];
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    stats.requests += 1;
    if (req.method === "POST" && /\/(oauth2?|o2)\/token$/.test(path)) {
      stats.tokens += 1;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          access_token: "conformance-access-token",
          token_type: "Bearer",
          expires_in: 3600,
          refresh_token: "conformance-refresh-token",
        }),
      );
      save();
      return;
    }
    const route = table.find((r) => path.startsWith(r.prefix));
    if (!route) {
      stats.unrouted += 1;
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: `no mock serves ${path}` }));
      save();
      return;
    }
    // Numbers and ids in paths vary; count by the path with digit runs folded.
    const key = `${req.method} ${path.replace(/[0-9]{2,}/g, "N")}`;
    stats.by_path[key] = (stats.by_path[key] || 0) + 1;
    const up = http.request(
      {
        host: "127.0.0.1",
        port: route.upstream,
        method: req.method,
        path: route.strip ? req.url.slice(route.prefix.length) || "/" : req.url,
        headers: { ...req.headers, host: `127.0.0.1:${route.upstream}` },
      },
      (ur) => {
        stats.by_status[ur.statusCode] = (stats.by_status[ur.statusCode] || 0) + 1;
        res.writeHead(ur.statusCode, ur.headers);
        ur.pipe(res);
        ur.on("end", save);
      },
    );
    up.on("error", (e) => {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: String(e) }));
    });
    up.end(Buffer.concat(chunks));
  });
});

server.listen(Number(port), "127.0.0.1");
process.on("SIGTERM", () => {
  save();
  process.exit(0);
});
