// Lighthouse (mobile preset, the default) on each URL given, in one Chromium:
// prints one JSON line per URL with its four category scores (0-100) and its
// cumulative layout shift. Chromium is Debian's: CHROME_PATH (/usr/bin/chromium).
// Used by tests/test_lighthouse.py and deploy/lighthouse.py (`make lighthouse`).
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || "/usr/bin/chromium",
  chromeFlags: ["--headless", "--no-sandbox"],
});
// A 404 page is audited too: Lighthouse skips error documents unless told.
const options = {
  port: chrome.port,
  output: "json",
  logLevel: "error",
  ignoreStatusCode: true,
};
const urls = process.argv.slice(2);
try {
  // A first run, not reported: a fresh Chromium's first navigation sometimes
  // loses its start (NO_NAVSTART), and the server's first render is its slowest.
  if (urls.length) await lighthouse(urls[0], options);
  for (const url of urls) {
    // On a loaded machine Lighthouse still sometimes loses a navigation's start:
    // up to two more tries, so that a page is judged on what it serves.
    let result = await lighthouse(url, options);
    for (let retry = 0; retry < 2 && result.lhr.runtimeError; retry++) {
      result = await lighthouse(url, options);
    }
    const { categories, audits } = result.lhr;
    const scores = Object.fromEntries(
      Object.entries(categories).map(([id, category]) => [
        id,
        Math.round(category.score * 100),
      ]),
    );
    // The audits that cost points, named in a failing test's message.
    const failing = Object.values(categories).flatMap((category) =>
      category.auditRefs
        .filter((ref) => ref.weight > 0 && audits[ref.id].score !== null)
        .filter((ref) => audits[ref.id].score < 1 && category.id !== "performance")
        .map((ref) => `${category.id}: ${ref.id}`),
    );
    const error = result.lhr.runtimeError?.code || null;
    const cls = audits["cumulative-layout-shift"].numericValue ?? null;
    console.log(JSON.stringify({ url, error, scores, cls, failing }));
  }
} finally {
  await chrome.kill();
}
