// OpenDome's run page: talks only to this server's JSON API.
"use strict";
const $ = (id) => document.getElementById(id);
let limits = { max_trials: 200000 };

function request() {
  const text = $("text").value.trim();
  return text ? { text: $("text").value } : { scenario: $("builtin").value };
}

function showProblems(problems) {
  $("problems").textContent = (problems || []).join("\n");
}

async function post(url, body) {
  const r = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                                body: JSON.stringify(body) });
  let data = null;
  try { data = await r.json(); } catch (e) { data = { detail: r.statusText }; }
  return { status: r.status, data };
}

function fmt(x, d) { return x === null || x === undefined ? "-" : Number(x).toFixed(d); }

function cell(row, text, tag) {
  const c = document.createElement(tag || "td");
  c.textContent = text;
  row.appendChild(c);
  return c;
}

function showSummary(id, s) {
  const head = $("headline");
  head.innerHTML = "";
  const rows = [
    ["P(no warhead leaks)", fmt(s.p_no_leak, 4),
     `95% CI ${fmt(s.p_no_leak_ci95[0], 4)}-${fmt(s.p_no_leak_ci95[1], 4)}`,
     s.closed_form ? `closed form ${fmt(s.closed_form.p_no_leak, 4)}` : ""],
    ["expected leakers", fmt(s.expected_leakers, 4),
     `95% CI ${fmt(s.expected_leakers_ci95[0], 4)}-${fmt(s.expected_leakers_ci95[1], 4)}`,
     s.closed_form ? `closed form ${fmt(s.closed_form.expected_leakers, 4)}` : ""],
  ];
  for (const r of rows) {
    const tr = document.createElement("tr");
    cell(tr, r[0], "th"); for (const x of r.slice(1)) cell(tr, x);
    head.appendChild(tr);
  }
  const layers = $("layers");
  layers.innerHTML = "";
  const h = document.createElement("tr");
  for (const t of ["layer", "inventory (mean)", "used (mean)", "warheads killed (mean)"]) cell(h, t, "th");
  layers.appendChild(h);
  for (const name of Object.keys(s.interceptors_used)) {
    const tr = document.createElement("tr");
    cell(tr, name); cell(tr, fmt(s.inventory[name], 2)); cell(tr, fmt(s.interceptors_used[name], 2));
    cell(tr, fmt(s.warheads_killed[name], 4));
    layers.appendChild(tr);
  }
  $("report-link").href = `/api/runs/${id}/report`;
  $("globe-link").href = `/globe?run=${id}`;
  $("json-link").href = `/api/runs/${id}`;
  $("result").hidden = false;
}

async function poll(id) {
  const r = await fetch(`/api/runs/${id}`);
  const run = await r.json();
  $("progress").max = run.trials;
  $("progress").value = run.done_trials;
  $("status").textContent = `${run.status}: ${run.done_trials.toLocaleString()} of ${run.trials.toLocaleString()} trials, ${run.elapsed_s.toFixed(1)} s`;
  if (run.status === "done") { showSummary(id, run.summary); $("run").disabled = false; return; }
  if (run.status === "failed") { $("status").textContent = `failed: ${run.error}`; $("run").disabled = false; return; }
  setTimeout(() => poll(id), 300);
}

async function init() {
  const r = await fetch("/api/scenarios");
  const list = await r.json();
  for (const s of list) {
    const o = document.createElement("option");
    o.value = s.name; o.textContent = s.name; o.dataset.summary = s.summary;
    $("builtin").appendChild(o);
  }
  const showBuiltin = () => {
    const o = $("builtin").selectedOptions[0];
    $("builtin-summary").textContent = o ? o.dataset.summary : "";
  };
  $("builtin").addEventListener("change", showBuiltin);
  showBuiltin();
  fetch("/api/limits").then((x) => x.json()).then((x) => { limits = x; $("trials").max = x.max_trials; });
  $("edit").addEventListener("click", async () => {
    const t = await fetch(`/api/scenarios/${encodeURIComponent($("builtin").value)}/text`);
    $("text").value = await t.text();
  });
  $("upload").addEventListener("change", () => {
    const f = $("upload").files[0];
    if (!f) return;
    const reader = new FileReader();
    reader.onload = () => { $("text").value = reader.result; };
    reader.readAsText(f);
  });
  $("validate").addEventListener("click", async () => {
    const { data } = await post("/api/validate", request());
    $("valid").textContent = data.valid ? `valid: ${data.name}` : "not valid";
    showProblems(data.problems || (data.detail ? [JSON.stringify(data.detail)] : []));
  });
  $("run").addEventListener("click", async () => {
    showProblems([]);
    const body = Object.assign(request(), { trials: Number($("trials").value), seed: Number($("seed").value) });
    const { status, data } = await post("/api/runs", body);
    if (status !== 202) {
      showProblems(data.problems || (data.detail || []).map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`));
      return;
    }
    $("run").disabled = true;
    $("result").hidden = true;
    poll(data.id);
  });
}

init();
