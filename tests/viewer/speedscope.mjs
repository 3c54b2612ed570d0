// Opens a scry --profile file (perf script text) in speedscope, the real web
// app from its npm package, in headless Chromium driven by playwright-core,
// and checks what a person would see there.
//
//   node speedscope.mjs MODULES PROFILE PNG NAME...
//     MODULES  the node_modules folder holding speedscope and playwright-core
//              (tests/viewer/run.sh installs them under build/viewer)
//     PROFILE  the --profile file
//     PNG      where the screenshot goes
//     NAME...  frame names that must show: the first one that is a syscall
//              of the profile is selected in the Sandwich view
//   CHROMIUM=/usr/bin/chromium   the browser
//
// Exits 0 when every check passes, 1 otherwise, printing one line per
// failed check.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const [modules, profile, png, ...names] = process.argv.slice(2);
if (!names.length) {
	console.error('usage: node speedscope.mjs MODULES PROFILE PNG NAME...');
	process.exit(2);
}
const require = createRequire(path.join(path.resolve(modules), 'x.js'));
const { chromium } = require('playwright-core');
const app = path.join(path.resolve(modules), 'speedscope', 'dist', 'release');
const VIEW = { width: 1200, height: 700 };

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const problems = [];
const fail = (msg) => problems.push(msg);

// A stuck browser must not hang the suite.
setTimeout(() => {
	console.log('    speedscope.mjs: gave up after 50 s');
	process.exit(1);
}, 50000).unref();

// What the file itself says: the first sample's command (speedscope names
// the profile after it), every syscall (the leaf frame of each sample) and
// the event names of the sample headers.
const text = fs.readFileSync(profile, 'utf8');
const headers = text.split('\n').filter((l) => /^\S.* \d+\.\d+: /.test(l));
const comm = headers.length ? headers[0].split(' ')[0] : null;
const fileSyscalls = new Set([...text.matchAll(/^\t *[0-9a-f]+ (\S+) \(\[kernel\.kallsyms\]\)$/gm)].map((m) => m[1]));
const events = new Set(headers.map((l) => l.replace(/.*\s(\S+):\s*$/, '$1')));

// speedscope's static files, and the profile under its own file name (the
// name a person would drop on the page: speedscope sniffs the format).
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const profPath = '/profile/' + encodeURIComponent(path.basename(profile));
const server = http.createServer((req, res) => {
	const url = new URL(req.url, 'http://localhost');
	// An absolute path normalized cannot climb out of app.
	let file = path.join(app, path.posix.normalize(decodeURIComponent(url.pathname)));
	if (url.pathname === profPath) file = profile;
	fs.readFile(file, (err, data) => {
		if (err) {
			res.writeHead(404);
			res.end();
			return;
		}
		res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'text/plain; charset=utf-8' });
		res.end(data);
	});
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

// The flags Chromium needs on this closed network; playwright gives it a
// fresh profile directory and --headless itself.
const browser = await chromium.launch({
	executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
		'--disable-background-networking', '--disable-component-update', '--disable-sync'],
	timeout: 30000,
});
try {
	await check(await browser.newPage({ viewport: VIEW, acceptDownloads: true }));
} catch (e) {
	fail(`browser step failed: ${e.message.split('\n')[0]}`);
} finally {
	await browser.close();
	server.close();
}

for (const p of problems) console.log('    ' + p);
process.exit(problems.length ? 1 : 0);

async function check(page) {
	// speedscope reports a failed import with alert(); an exception is as bad.
	const dialogs = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		d.dismiss().catch(() => {});
	});
	page.on('pageerror', (e) => fail(`page error: ${e.message}`));
	// Frame names are drawn on canvases: note every text speedscope draws.
	await page.addInitScript(() => {
		window.scryDrawn = new Set();
		const fillText = CanvasRenderingContext2D.prototype.fillText;
		CanvasRenderingContext2D.prototype.fillText = function (t, ...rest) {
			window.scryDrawn.add(String(t));
			return fillText.call(this, t, ...rest);
		};
	});

	await page.goto(`${base}/index.html#profileURL=${encodeURIComponent(base + profPath)}`);
	// Loaded: the document title becomes "NAME - speedscope". Failed: a
	// dialog, or speedscope's error page.
	const ERROR_TEXT = /Something went wrong|Unrecognized format|Failed to load/i;
	const end = Date.now() + 20000;
	let title = '';
	while (Date.now() < end) {
		title = await page.title();
		if (title.endsWith(' - speedscope') || dialogs.length) break;
		if (ERROR_TEXT.test(await page.innerText('body'))) break;
		await page.waitForTimeout(100);
	}
	const body = await page.innerText('body');
	for (const d of dialogs) fail(`speedscope: "${d}"`);
	if (ERROR_TEXT.test(body)) fail(`import error on the page: ${body.match(ERROR_TEXT)[0]}`);
	if (!title.endsWith(' - speedscope')) {
		if (!problems.length) fail(`the profile did not load in 20 s (title "${title}")`);
		await page.screenshot({ path: png });
		return;
	}
	// The toolbar names the profile after the command of its samples.
	const toolbar = title.replace(/ - speedscope$/, '');
	if (!comm || !toolbar.startsWith(comm + ' ')) fail(`profile named "${toolbar}", want one for "${comm}"`);
	else if (!body.includes(toolbar)) fail(`the toolbar does not show the profile name "${toolbar}"`);

	// What speedscope made of the file, from its own Export: all syscalls
	// must be there, and frame names without perf's "+0x..." offsets.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('Export').click()]);
	const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
	const frames = exported.shared.frames;
	const shown = new Set(frames.filter((f) => f.file === '[kernel.kallsyms]').map((f) => f.name));
	const missing = [...fileSyscalls].filter((s) => !shown.has(s));
	if (!fileSyscalls.size) fail('the profile file has no syscall frames');
	if (missing.length) {
		fail(`speedscope shows ${fileSyscalls.size - missing.length} of the file's ${fileSyscalls.size} syscalls; missing: ${missing.slice(0, 6).join(', ')}`);
		// The likely cause, a limit of speedscope's perf script import.
		if (events.size > 1)
			fail(`  it keeps only samples named like the first (${[...events][0]}); the file has ${events.size} event names`);
	}
	const offsets = frames.map((f) => f.name).filter((n) => /\+(0x)?[0-9a-f]+$/.test(n));
	if (offsets.length) fail(`frame names keep an offset: ${[...new Set(offsets)].slice(0, 5).join(', ')} (perf script writes +0x0, never +0)`);

	// The Sandwich view is a table of function names: search each name
	// (the search filters the table) and find its row.
	await page.getByText(/^\W*Sandwich$/).click();
	await page.locator('table tr').nth(1).waitFor({ timeout: 10000 });
	for (const name of names) {
		await page.keyboard.press('Control+f');
		await page.keyboard.type(name);
		const row = page.locator('table td').filter({ hasText: new RegExp(`^${escapeRegExp(name)}$`) });
		try {
			await row.first().waitFor({ timeout: 3000 });
		} catch {
			fail(`"${name}" is not in the Sandwich table`);
		}
	}
	await page.keyboard.press('Escape');

	// Select a syscall: its callers' flame graph (down to main) gets drawn.
	const leaf = names.find((n) => fileSyscalls.has(n) && shown.has(n));
	if (leaf) {
		await page.evaluate(() => window.scryDrawn.clear());
		await page.locator('table td').getByText(leaf, { exact: true }).first().click();
		await page.waitForFunction((n) => window.scryDrawn.has(n), leaf, { timeout: 5000 }).catch(() => {});
		await page.waitForTimeout(300);
		const drawn = new Set(await page.evaluate(() => [...window.scryDrawn]));
		for (const name of names)
			if (!drawn.has(name)) fail(`"${name}" was not drawn in the flame graph of ${leaf}'s callers`);
	} else {
		fail(`no syscall among ${names.join(', ')} to select in the Sandwich view`);
	}
	await page.screenshot({ path: png });

	const shot = fs.readFileSync(png);
	const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	if (shot.length < 8 || !shot.subarray(0, 8).equals(PNG_MAGIC)) fail(`${png} is not a PNG`);
	else if (shot.readUInt32BE(16) !== VIEW.width || shot.readUInt32BE(20) !== VIEW.height)
		fail(`${png} is ${shot.readUInt32BE(16)}x${shot.readUInt32BE(20)}, want ${VIEW.width}x${VIEW.height}`);
	// A blank page compresses to a few kB; a drawn flame graph does not.
	else if (shot.length < 20000) fail(`${png} is only ${shot.length} bytes: nothing drawn?`);
}
