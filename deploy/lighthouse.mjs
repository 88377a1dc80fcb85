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
try {
  for (const url of process.argv.slice(2)) {
    // A 404 page is audited too: Lighthouse skips error documents unless told.
    const options = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      ignoreStatusCode: true,
    };
    // On a loaded machine Lighthouse sometimes loses the navigation's start
    // (NO_NAVSTART): one more try, so that a page is judged on what it serves.
    let result = await lighthouse(url, options);
    if (result.lhr.runtimeError) result = await lighthouse(url, options);
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
