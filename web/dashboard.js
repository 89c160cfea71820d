// The ranking dashboard: campaigns with progress and the selected campaign's leaderboard, polled
// from the JSON API so it updates without a reload.
const refreshMs = 2000;
const svgNs = 'http://www.w3.org/2000/svg';

let selectedCampaignId = new URLSearchParams(location.hash.slice(1)).get('campaign');

async function getJson(path) {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderCampaigns(campaigns) {
  const tbody = document.querySelector('#campaigns tbody');
  tbody.replaceChildren();
  document.getElementById('no-campaigns').hidden = campaigns.length > 0;
  for (const campaign of campaigns) {
    const row = document.createElement('tr');
    row.className = 'campaign' + (campaign.id === selectedCampaignId ? ' selected' : '');
    row.dataset.campaignId = campaign.id;
    row.append(cell(campaign.name));
    const status = cell('');
    const badge = document.createElement('span');
    badge.className = `badge ${campaign.status}`;
    badge.textContent = campaign.status;
    status.append(badge);
    row.append(status);
    const progress = cell('');
    const { completed, budget, inFlight, fraction } = campaign.progress;
    progress.innerHTML = `<div class="progress"><div class="track"><div class="fill"></div></div><span></span></div>`;
    progress.querySelector('.fill').style.width = `${(fraction * 100).toFixed(1)}%`;
    progress.querySelector('span').textContent =
      `${completed}/${budget}` + (inFlight > 0 ? ` (${inFlight} running)` : '');
    row.append(
      progress,
      cell(String(campaign.policies.length), 'num'),
      cell(String(campaign.progress.failed), 'num'),
    );
    row.addEventListener('click', () => {
      selectedCampaignId = campaign.id;
      location.hash = `campaign=${campaign.id}`;
      void refresh();
    });
    tbody.append(row);
  }
}

/** "2" when the policy holds one rank in 95% of bootstrap rounds, "1–3" when it moves. */
function rankRange(row) {
  if (row.rankBest == null) return '—';
  return row.rankBest === row.rankWorst ? String(row.rankBest) : `${row.rankBest}–${row.rankWorst}`;
}

/** How many more comparisons would tell this policy from the next one down. */
function separation(further) {
  if (further == null) return 'indistinguishable';
  return further === 0 ? 'separated' : `~${further} more`;
}

function renderLeaderboard(campaign, snapshot) {
  const section = document.getElementById('leaderboard-section');
  section.hidden = false;
  document.getElementById('leaderboard-title').textContent = campaign.name;
  const rows = snapshot?.leaderboard ?? [];
  document.getElementById('leaderboard-meta').textContent =
    snapshot === null
      ? 'No judgements yet: the first ratings appear after the first comparisons complete.'
      : `Bradley-Terry (Davidson ties, ν = ${snapshot.tieParameter?.toFixed(2) ?? '–'}) on ${snapshot.judgementCount} judgements · ` +
        `Elo scale, mean 1000 · 95% bootstrap intervals · fitted ${new Date(snapshot.fittedAt).toLocaleTimeString()}`;
  const tbody = document.querySelector('#leaderboard tbody');
  tbody.replaceChildren();
  rows.forEach((row, i) => {
    const tr = document.createElement('tr');
    const interval =
      row.ciLow === null ? '—' : `${row.ciLow.toFixed(0)} – ${row.ciHigh.toFixed(0)}`;
    tr.append(
      cell(String(i + 1), 'num'),
      cell(row.policy),
      cell(row.rating.toFixed(0), 'num'),
      cell(interval, 'num'),
      cell(rankRange(row), 'num'),
      cell(String(row.comparisons), 'num'),
      cell(String(row.wins), 'num'),
      cell(String(row.losses), 'num'),
      cell(String(row.ties), 'num'),
      cell(i === rows.length - 1 ? '' : separation(row.toSeparateFromNext), 'num'),
    );
    tbody.append(tr);
  });
  renderIntervalPlot(rows);
  renderFitCheck(snapshot?.fit ?? null);
}

/** The goodness-of-fit test in one line, with the pairs that stray most when it fails. */
function renderFitCheck(fit) {
  const line = document.getElementById('fit-check');
  if (fit === null) {
    line.textContent = '';
    return;
  }
  const verdict =
    fit.pValue < 0.01
      ? 'the data are NOT well described by Bradley-Terry'
      : 'consistent with Bradley-Terry';
  let text = `Fit test: χ² = ${fit.statistic.toFixed(1)} on ${fit.degreesOfFreedom} df, p = ${fit.pValue.toPrecision(2)}: ${verdict}.`;
  if (fit.pValue < 0.01) {
    const pairs = fit.worstPairs.map(
      (p) =>
        `${p.a} vs ${p.b}: observed ${(p.observedScore * 100).toFixed(0)}%, predicted ${(p.predictedScore * 100).toFixed(0)}%`,
    );
    text += ` Largest misfits: ${pairs.join('; ')}.`;
  }
  line.textContent = text;
}

function svg(tag, attributes, text) {
  const element = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** One line per policy: a dot at its rating and a whisker over its 95% interval. */
function renderIntervalPlot(rows) {
  const plot = document.getElementById('interval-plot');
  plot.replaceChildren();
  if (rows.length === 0) {
    plot.setAttribute('height', '0');
    return;
  }
  const width = plot.clientWidth || 800;
  const rowHeight = 28;
  const labelWidth = Math.min(140, width * 0.3);
  const top = 10;
  const height = top + rows.length * rowHeight + 30;
  plot.setAttribute('viewBox', `0 0 ${width} ${height}`);
  plot.setAttribute('height', String(height));
  const values = rows.flatMap((r) => [r.rating, r.ciLow ?? r.rating, r.ciHigh ?? r.rating]);
  const plotWidth = width - labelWidth - 20;
  const span = Math.max(...values) - Math.min(...values) + 40;
  // The smallest round step that keeps tick labels at least ~60 px apart.
  const step =
    [25, 50, 100, 200, 250, 500, 1000, 2000].find((s) => (s / span) * plotWidth >= 60) ?? 5000;
  const low = Math.floor((Math.min(...values) - 20) / step) * step;
  const high = Math.ceil((Math.max(...values) + 20) / step) * step;
  const x = (value) => labelWidth + ((value - low) / (high - low)) * plotWidth;
  const axis = svg('g', { class: 'axis' });
  for (let tick = low; tick <= high; tick += step) {
    axis.append(svg('line', { class: 'grid', x1: x(tick), x2: x(tick), y1: top, y2: height - 24 }));
    axis.append(svg('text', { x: x(tick), y: height - 8, 'text-anchor': 'middle' }, String(tick)));
  }
  plot.append(axis);
  rows.forEach((row, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    plot.append(svg('text', { x: 0, y: y + 4 }, row.policy));
    if (row.ciLow !== null) {
      plot.append(
        svg('line', { class: 'whisker', x1: x(row.ciLow), x2: x(row.ciHigh), y1: y, y2: y }),
      );
    }
    plot.append(svg('circle', { class: 'point', cx: x(row.rating), cy: y, r: 5 }));
  });
}

async function refresh() {
  const status = document.getElementById('status');
  try {
    const { campaigns } = await getJson('/api/campaigns');
    if (selectedCampaignId === null && campaigns.length > 0) selectedCampaignId = campaigns[0].id;
    renderCampaigns(campaigns);
    const selected = campaigns.find((c) => c.id === selectedCampaignId);
    if (selected !== undefined) {
      const { snapshot } = await getJson(
        `/api/campaigns/${encodeURIComponent(selected.id)}/leaderboard`,
      );
      renderLeaderboard(selected, snapshot);
    }
    status.textContent = `updated ${new Date().toLocaleTimeString()}`;
  } catch (error) {
    status.textContent = `cannot reach the API (${error.message}); retrying`;
  }
}

async function loop() {
  await refresh();
  setTimeout(() => void loop(), refreshMs);
}

void loop();
