// End-to-end tests of `ida serve` in Debian's chromium (driven by playwright-core; nothing is
// downloaded): the Runs page shows a run and its chart grows while `ida train` writes rounds;
// a Connect Four game is played to its end on the Play page against the shipped agent;
// a sampled question is asked on the Ask page; three questions are overseen on the Oversee
// page and land in the run's store; rounds of a game run and of a question run are audited on
// the Audit page.
// IDA_BINARY names the ida binary (default build/ida); SCREENSHOTS, when set, a folder for
// a screenshot of each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ida = process.env.IDA_BINARY || join(root, 'build/ida');
const shots = process.env.SCREENSHOTS;
const runs = mkdtempSync(join(tmpdir(), 'ida_browser_'));
let server, base, browser, page;

// Starts `ida serve` on a free port and resolves with its address once it prints it.
function startServer() {
  return new Promise((ok, fail) => {
    server = spawn(ida, ['serve', '--runs', runs, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    server.stdout.on('data', chunk => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) ok(`http://127.0.0.1:${m[1]}`);
    });
    server.on('exit', code => fail(new Error(`ida serve exited (${code}): ${out}`)));
  });
}

// A short tic-tac-toe training run in the runs folder; resolves when it ends.
function train(name, rounds) {
  const args = ['train', '--quiet', '--run', join(runs, name), '--set', `rounds=${rounds}`,
    '--set', 'selfplay.games_per_round=16', '--set', 'search.simulations=16',
    '--set', 'net.channels=8', '--set', 'net.blocks=1', '--set', 'assess.arena_games=2',
    '--set', 'assess.reference_games=2', '--set', 'assess.optimal_move_rate=false',
    '--set', 'audit.every=2'];
  return new Promise((ok, fail) => {
    const p = spawn(ida, args, { stdio: 'inherit' });
    p.on('exit', code => (code === 0 ? ok() : fail(new Error(`ida train exited ${code}`))));
  });
}

// A one-round permutation-powering run (small), for the Oversee page.
function trainQuestions(name) {
  const config = join(runs, 'questions.toml');
  writeFileSync(config, ['task = "permutation_powering"', 'rounds = 1', '[distill]',
    'steps_per_round = 5', 'contexts_per_step = 4', '[assess]', 'questions = 16', 'sizes = "2"',
    '[audit]', 'every = 0', ''].join('\n'));
  execFileSync(ida, ['train', '--quiet', '--config', config, '--run', join(runs, name)], { stdio: 'ignore' });
}

async function screenshot(name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

before(async () => {
  await train('tictactoe', 1);  // one run exists before the server starts
  trainQuestions('powering');
  base = await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', e => { throw e; });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  rmSync(runs, { recursive: true, force: true });
});

test('the Runs page lists runs, and the chart grows while ida train writes', async () => {
  await page.goto(`${base}/#runs`);
  const item = page.locator('#run-list li[data-run="tictactoe"]');
  await item.waitFor();
  assert.match(await item.textContent(), /1 rounds/);
  await item.click();
  const chart = page.locator('#chart');
  await chart.waitFor();
  assert.equal(await chart.getAttribute('data-points'), '1');
  assert.equal(await page.locator('#round-table tbody tr').count(), 1);
  const training = train('tictactoe', 3);  // two more rounds, committed while the page is open
  await page.waitForFunction(() => document.querySelector('#chart')?.dataset.points === '3',
    null, { timeout: 120000 });
  await training;
  assert.equal(await page.locator('#round-table tbody tr').count(), 3);
  await page.selectOption('#chart-x', 'wall');
  assert.equal(await page.locator('#chart').getAttribute('data-points'), '3');
  assert.match(await page.locator('#run-detail pre.config').textContent(), /game = "tictactoe"/);
  await screenshot('runs');
});

test('a Connect Four game against the shipped agent is played to its end', async () => {
  await page.goto(`${base}/#play`);
  await page.locator('#play-game option[value="connect4"]').waitFor({ state: 'attached' });
  await page.selectOption('#play-game', 'connect4');
  await page.fill('#play-sims', '50');
  await page.click('#play-new');
  await page.locator('#play-board .cell').first().waitFor();
  assert.equal(await page.locator('#play-board .cell').count(), 42);
  // The person plays the leftmost column with room, the agent answers, until the game ends.
  for (let ply = 0; ply < 42; ++ply) {
    if ((await page.locator('#play-status').getAttribute('data-terminal')) === 'true') break;
    const moves = Number((await page.locator('#play-status').textContent()).match(/^(\d+) moves/)[1]);
    if (moves % 2 === 0) {
      const cell = await page.evaluate(() => {
        const free = [...document.querySelectorAll('#play-board .cell')].find(c => !/p[12]/.test(c.className));
        return free.dataset.cell;
      });
      await page.click(`#play-board .cell[data-cell="${cell}"]`);
    } else {
      if (ply === 1) {  // once: the search's statistics, and a candidate picked by the person
        await page.click('#play-search');
        await page.waitForFunction(() => /^50 visits/.test(document.querySelector('#play-search-status').textContent));
        const rows = page.locator('#play-candidates tbody tr');
        assert.equal(await rows.count(), 7);
        await screenshot('play');
        await rows.first().locator('button.choose').click();
      } else {
        await page.click('#play-agent');
      }
    }
    await page.waitForFunction(n => {
      const s = document.querySelector('#play-status');
      return s.dataset.terminal === 'true' || Number(s.textContent.match(/^(\d+)/)?.[1]) === n;
    }, moves + 1, { timeout: 60000 });
  }
  assert.equal(await page.locator('#play-status').getAttribute('data-terminal'), 'true');
  assert.match(await page.locator('#play-status').textContent(), /player won|Draw/);
  const choices = readFileSync(join(runs, 'play-choices.jsonl'), 'utf8').trim().split('\n');
  assert.equal(choices.length, 1, 'the one move picked from the candidates is recorded');
  assert.equal(JSON.parse(choices[0]).search.visits, 50);
});

test('three questions are overseen in the browser and committed as transcripts', async () => {
  await page.goto(`${base}/#oversee`);
  await page.locator('#oversee-run option[value="powering"]').waitFor({ state: 'attached' });
  await page.fill('#oversee-user', 'browser');
  await page.click('#oversee-start');
  await page.locator('#oversee-workspace').waitFor();
  for (let q = 0; q < 3; ++q) {
    const question = (await page.locator('#oversee-question').textContent()).trim();
    const x = question.split(' ')[0];
    assert.equal(await page.locator('#oversee-budget').textContent(), '0/3');
    await page.fill('#oversee-sub', 'not a question');  // malformed: an error, costs nothing
    await page.click('#oversee-ask');
    await page.locator('#error:not([hidden])').waitFor();
    assert.equal(await page.locator('#oversee-budget').textContent(), '0/3');
    await page.fill('#oversee-sub', `${x} 1`);  // primitive: looked up in the facts
    await page.click('#oversee-ask');
    await page.waitForFunction(() => document.querySelector('#oversee-budget').textContent === '1/3');
    const row = page.locator('#oversee-exchanges tbody tr').first();
    assert.equal(await row.locator('td').nth(2).textContent(), 'lookup');
    if (q === 0) await screenshot('oversee');
    await page.fill('#oversee-answer', await row.locator('td').nth(1).textContent());
    await page.click('#oversee-give');
    await page.waitForFunction(n => document.querySelector('#oversee-status').dataset.committed === String(n), q + 1);
  }
  const lines = execFileSync(ida, ['transcripts', '--run', join(runs, 'powering')], { encoding: 'utf8' })
    .trim().split('\n').map(l => JSON.parse(l));
  assert.equal(lines.length, 3);
  assert.equal(lines[0].user, 'browser');
  assert.equal(lines[2].exchanges[0].source, 'lookup');
});

test('Ask shows A, Amplify(H, A) and the decomposition tree of a sampled question', async () => {
  await page.goto(`${base}/#ask`);
  await page.locator('#ask-run option[value="powering"]').waitFor({ state: 'attached' });
  await page.click('#ask-sample');
  await page.locator('#ask-result:not([hidden])').waitFor();
  assert.notEqual((await page.locator('#ask-question').inputValue()).trim(), '');
  assert.ok((await page.locator('#ask-tree .by').count()) >= 1);
  await screenshot('ask');
  const top = page.locator('#ask-tree > details');
  if (await top.count()) {  // a decomposed question: the tree collapses
    await top.locator('summary').first().click();
    assert.equal(await top.first().getAttribute('open'), null);
  }
});

test('Audit shows the alignment audit of a round and what training audited', async () => {
  await page.goto(`${base}/#audit/tictactoe`);
  await page.locator('#audit-round option[value="2"]').waitFor({ state: 'attached' });
  // audit.every = 2: training audited round 2 only
  assert.equal(await page.locator('#audit-stored-table tbody tr').count(), 1);
  await page.selectOption('#audit-round', '2');
  await page.fill('#audit-budget', '16');
  await page.click('#audit-go');
  await page.locator('#audit-result:not([hidden])').waitFor({ timeout: 120000 });
  assert.match(await page.locator('#audit-heading').textContent(), /^tictactoe, round 2/);
  const distill = page.locator('#audit-distill tbody tr');
  assert.equal(await distill.count(), 4, 'opening, middle, end and all');
  assert.equal(await distill.last().locator('td').nth(1).textContent(), '3191');
  assert.equal(await page.locator('#audit-amplify tbody tr').count(), 8, 'two searches, 4 rows each');
  assert.match(await page.locator('#audit-worst-case').textContent(), /16 of 16/);
  assert.match(await page.locator('#audit-text').textContent(), /Distill \(requirement 1\)/);
  await screenshot('audit');

  await page.selectOption('#audit-run', 'powering');  // a question run: per held-out size
  await page.waitForFunction(() => !document.querySelector('#audit-questions-label').hidden);
  await page.fill('#audit-questions', '8');
  await page.click('#audit-go');
  await page.waitForFunction(() => /^permutation_powering/.test(document.querySelector('#audit-heading').textContent),
    null, { timeout: 120000 });
  assert.ok((await page.locator('#audit-capability tbody tr').count()) >= 1);
  assert.match(await page.locator('#audit-stored').textContent(), /not audited while it trained/);
});
