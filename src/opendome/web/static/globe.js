// OpenDome's globe: CesiumJS from this server (node_modules), Natural Earth II imagery that ships
// inside CesiumJS, no ion token, no request to any other machine.
"use strict";
(async function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(window.location.search);
  const run = params.get("run");
  const scenario = params.get("scenario") || "golden-dome-limited";
  const state = (t) => { $("state").textContent = t; };

  Cesium.Ion.defaultAccessToken = "";
  const imagery = await Cesium.TileMapServiceImageryProvider.fromUrl(
    Cesium.buildModuleUrl("Assets/Textures/NaturalEarthII"));
  const viewer = new Cesium.Viewer("globe", {
    baseLayer: new Cesium.ImageryLayer(imagery),
    baseLayerPicker: false, geocoder: false, homeButton: true, sceneModePicker: false,
    navigationHelpButton: false, fullscreenButton: false, infoBox: true, selectionIndicator: true,
    animation: true, timeline: true, shouldAnimate: false,
    skyBox: false, skyAtmosphere: false, requestRenderMode: true, maximumRenderTimeChange: 1.0,
    contextOptions: { webgl: { preserveDrawingBuffer: true } },
  });
  viewer.scene.globe.enableLighting = false;
  viewer.scene.globe.showGroundAtmosphere = false;
  viewer.scene.globe.maximumScreenSpaceError = 3;
  viewer.scene.backgroundColor = Cesium.Color.fromCssColorString("#0b1020");
  window.viewer = viewer;

  function row(table, label, key, value, digits) {
    const tr = document.createElement("tr");
    const th = document.createElement("th"); th.textContent = label; tr.appendChild(th);
    const td = document.createElement("td");
    td.textContent = value === null || value === undefined ? "-" : Number(value).toFixed(digits);
    td.dataset.key = key;
    td.dataset.value = JSON.stringify(value);
    tr.appendChild(td);
    table.appendChild(tr);
  }

  let czmlUrl = `/api/scenarios/${encodeURIComponent(scenario)}/czml`;
  if (run) {
    const r = await fetch(`/api/runs/${encodeURIComponent(run)}`);
    if (!r.ok) { state(`no run ${run}`); return; }
    const data = await r.json();
    $("title").textContent = `${data.scenario}: ${data.trials.toLocaleString()} trials, seed ${data.seed}`;
    if (data.summary) {
      const s = data.summary;
      const t = document.createElement("table");
      t.id = "summary-numbers";
      row(t, "P(no warhead leaks)", "p_no_leak", s.p_no_leak, 4);
      row(t, "95% CI low", "p_no_leak_ci95/0", s.p_no_leak_ci95[0], 4);
      row(t, "95% CI high", "p_no_leak_ci95/1", s.p_no_leak_ci95[1], 4);
      row(t, "expected leakers", "expected_leakers", s.expected_leakers, 4);
      if (s.closed_form) row(t, "closed form P(no leak)", "closed_form/p_no_leak", s.closed_form.p_no_leak, 4);
      for (const name of Object.keys(s.interceptors_used)) {
        row(t, `${name}: used (mean)`, `interceptors_used/${name}`, s.interceptors_used[name], 2);
      }
      $("numbers").appendChild(t);
      $("links").innerHTML = `<a href="/api/runs/${run}/report" target="_blank">report</a>`;
    }
    czmlUrl = `/api/runs/${encodeURIComponent(run)}/czml`;
  } else {
    $("title").textContent = scenario;
  }
  state("loading the scenario's CZML...");
  const source = await Cesium.CzmlDataSource.load(czmlUrl);
  await viewer.dataSources.add(source);
  viewer.clock.shouldAnimate = false;
  const start = viewer.clock.startTime, stop = viewer.clock.stopTime;
  viewer.clock.currentTime = Cesium.JulianDate.addSeconds(
    start, 0.4 * Cesium.JulianDate.secondsDifference(stop, start), new Cesium.JulianDate());
  viewer.timeline.zoomTo(start, stop);
  const salvo = source.entities.getById("salvo/0");
  const where = salvo && salvo.position ? salvo.position.getValue(viewer.clock.currentTime) : null;
  if (where) {
    const c = Cesium.Cartographic.fromCartesian(where);
    viewer.camera.setView({ destination: Cesium.Cartesian3.fromRadians(c.longitude, c.latitude, 2.2e7) });
  }
  state(`${source.entities.values.length} entities; waiting for the imagery...`);
  const ready = () => {
    if (viewer.scene.globe.tilesLoaded) {
      viewer.scene.postRender.removeEventListener(ready);
      state(`${source.entities.values.length} entities; drag the time slider`);
      window.requestAnimationFrame(() => { document.body.dataset.ready = "1"; window.globeReady = true; });
    }
  };
  viewer.scene.postRender.addEventListener(ready);
  viewer.scene.requestRender();

  // A CZML file from disk (e.g. `opendome czml SCENARIO --out FILE.czml`), read in the browser.
  $("czml-file").addEventListener("change", async () => {
    const file = $("czml-file").files[0];
    if (!file) return;
    try {
      const loaded = await Cesium.CzmlDataSource.load(JSON.parse(await file.text()));
      viewer.dataSources.removeAll();
      await viewer.dataSources.add(loaded);
      viewer.timeline.zoomTo(viewer.clock.startTime, viewer.clock.stopTime);
      viewer.scene.requestRender();
      state(`${file.name}: ${loaded.entities.values.length} entities`);
      document.body.dataset.czmlFile = String(loaded.entities.values.length);
    } catch (e) {
      state(`${file.name}: not CZML (${e})`);
      document.body.dataset.czmlFile = "error";
    }
  });
})().catch((e) => {
  document.getElementById("state").textContent = `error: ${e}`;
  document.body.dataset.error = String(e);
});
