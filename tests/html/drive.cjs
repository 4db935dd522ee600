// Opens an amolint HTML report in headless Chromium (through playwright-core) and reports what a
// reader sees, as JSON on standard output, for tests/html_report.rs to compare with the JSON
// report. It asserts nothing itself: it observes, clicks and types as a reader would.
//
// Usage: node drive.cjs PLAN_JSON, where the plan names the page, the playwright-core folder, a
// folder for screenshots, the rule to filter by, the widgets to open and text to type.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

const plan = JSON.parse(process.argv[2]);
const { chromium } = require(plan.playwright);

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

async function open(scripts, colorScheme) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'amolint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: plan.chromium,
    headless: true,
    args: ARGS,
    javaScriptEnabled: scripts,
    viewport: { width: 1280, height: 900 },
    colorScheme,
  });
  const page = context.pages()[0] || (await context.newPage());
  const seen = { dialogs: [], console: [], errors: [], requests: [] };
  page.on('dialog', (d) => { seen.dialogs.push(d.type() + ': ' + d.message()); d.dismiss().catch(() => {}); });
  page.on('console', (m) => seen.console.push(m.type() + ': ' + m.text()));
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  context.on('request', (r) => seen.requests.push(r.url()));
  const url = 'file://' + plan.page;
  const started = Date.now();
  await page.goto(url, { waitUntil: 'load' });
  const loadMs = Date.now() - started;
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  // The page's own address is the one request a page must make.
  const requests = () => seen.requests.filter((u) => u !== url);
  return { page, seen, loadMs, close, requests };
}

// Every row of the widgets table as shown: path, counts, hidden or not, in table order.
function rows(page) {
  return page.$$eval('#wt tbody.w', (bodies) => bodies.map((tb) => {
    const c = tb.rows[0].cells;
    return {
      id: tb.id,
      path: c[0].textContent,
      errors: +c[3].textContent, warnings: +c[4].textContent, infos: +c[5].textContent,
      visible: tb.offsetParent !== null,
      rules: tb.getAttribute('data-rules').trim().split(' ').filter(Boolean),
    };
  }));
}

// What an opened widget shows: each finding's header, place, marked source and help.
function details(page, id) {
  return page.$eval('#' + id, (tb) => {
    const detail = tb.rows[1];
    if (!detail || detail.offsetParent === null) return null;
    return Array.from(detail.querySelectorAll('li.f')).map((f) => ({
      code: f.querySelector('.c').textContent,
      message: f.querySelector('.m').textContent,
      at: f.querySelector('.at') ? f.querySelector('.at').textContent : null,
      source: f.querySelector('pre.src') ? f.querySelector('pre.src').textContent : null,
      marked: Array.from(f.querySelectorAll('pre.src mark')).map((m) => m.textContent),
      help: f.querySelector('.hp') ? f.querySelector('.hp').textContent : null,
      doc: f.querySelector('a.doc') ? f.querySelector('a.doc').getAttribute('href') : null,
    }));
  });
}

async function main() {
  const out = {};
  const { page, seen, loadMs, close, requests } = await open(true, 'light');
  out.loadMs = loadMs;
  out.timing = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return { domContentLoaded: Math.round(n.domContentLoadedEventEnd), load: Math.round(n.loadEventEnd) };
  });
  out.counts = await page.$$eval('[id^=count-]', (els) =>
    Object.fromEntries(els.map((e) => [e.id.slice(6), +e.textContent.replace(/,/g, '')])));
  out.verdict = await page.textContent('#verdict');
  out.initial = await rows(page);
  fs.mkdirSync(plan.shots, { recursive: true });
  // The overview, from the top of the page to the end of its section.
  const overview = async (file) => {
    const bottom = await page.evaluate(() => {
      window.scrollTo(0, 0);
      return document.getElementById('overview').getBoundingClientRect().bottom;
    });
    await page.screenshot({
      path: path.join(plan.shots, file), fullPage: true,
      clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 },
    });
  };
  await overview('overview.png');

  // Sorting by errors: the first click sorts the largest first.
  await page.click('#wt th[data-key=e] button');
  out.byErrors = (await rows(page)).filter((r) => r.visible).slice(0, 5);

  // A filter by rule.
  await page.selectOption('#f-rule', plan.rule);
  out.ruleFiltered = (await rows(page)).filter((r) => r.visible);
  out.shown = await page.textContent('#shown');
  await page.selectOption('#f-rule', '');

  // A filter by text.
  await page.fill('#f-text', plan.text);
  await page.waitForTimeout(400);
  out.textFiltered = (await rows(page)).filter((r) => r.visible).map((r) => r.path);
  await page.fill('#f-text', '');
  await page.waitForTimeout(400);

  // Opening widgets by clicking their rows.
  out.opened = {};
  for (const id of plan.open) {
    // A row on the page is clicked; one a large report has not drawn is reached by its link.
    if (await page.isVisible('#' + id + ' tr.row')) {
      await page.click('#' + id + ' tr.row td.num.e');
    } else {
      await page.evaluate((hash) => { location.hash = hash; }, '#' + id);
      await page.waitForSelector('#' + id + ' tr.detail', { state: 'visible' });
    }
    out.opened[id] = await details(page, id);
  }
  if (plan.open.length) {
    await page.locator('#' + plan.open[0]).screenshot({ path: path.join(plan.shots, 'findings.png') });
  }
  // A link from the overview's list of the worst widgets opens that widget's row.
  const worst = await page.getAttribute('.worst a', 'href');
  await page.click('.worst a');
  out.worstLink = { id: worst.slice(1), findings: (await details(page, worst.slice(1)) || []).length };

  // Script elements and images after everything is open: only the page's own.
  out.scripts = await page.$$eval('script', (s) => s.map((e) => e.type || 'classic'));
  out.images = await page.$$eval('img', (i) => i.length);
  out.hostileText = await page.evaluate(() => document.body.textContent.includes('<script>alert(1)</script>'));

  await page.emulateMedia({ colorScheme: 'dark' });
  await overview('overview-dark.png');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.click('#wt th[data-key=e] button');
  await page.evaluate(() => document.getElementById('widgets').scrollIntoView());
  await page.screenshot({ path: path.join(plan.shots, 'widgets.png') });
  out.dialogs = seen.dialogs;
  out.console = seen.console;
  out.errors = seen.errors;
  out.requests = requests();
  await close();

  // The same page without JavaScript.
  const plain = await open(false, 'light');
  out.noScript = {
    counts: await plain.page.$$eval('[id^=count-]', (els) =>
      Object.fromEntries(els.map((e) => [e.id.slice(6), +e.textContent.replace(/,/g, '')]))),
    rows: (await rows(plain.page)).filter((r) => r.visible).length,
    findingsShown: await plain.page.$$eval('li.f', (fs) => fs.filter((f) => f.offsetParent !== null).length),
    dialogs: plain.seen.dialogs,
    requests: plain.requests(),
  };
  await plain.close();
  process.stdout.write(JSON.stringify(out));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(1);
});
