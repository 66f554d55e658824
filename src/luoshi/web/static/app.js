// Charts and small enhancements. Data comes from <script type="application/json"> blocks,
// so no inline script runs (the CSP forbids it).
(function () {
  "use strict";
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function chart(id) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    // SVG: crisp at any zoom, and its text can be checked against the box it is drawn in
    var c = window.echarts.init(el, null, { renderer: "svg" });
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }
  // text broken into lines of n characters (ECharts' own breaking is not measured when the
  // grid makes room for its labels, so they were cut at the chart's edge)
  function wrap(text, n) {
    var out = [];
    for (var i = 0; i < text.length; i += n) out.push(text.slice(i, i + n));
    return out.join("\n");
  }
  window.luoshi = { data: data, chart: chart };  // for page scripts (mujun.js)
  var pct = function (v) { return v == null ? "—" : (v * 100).toFixed(1) + "%"; };

  // Dashboard: completion by area against 序时进度
  var areas = data("area-data");
  var box = document.getElementById("area-chart");
  // an area's whole name, wrapped onto lines a third of the chart wide (never cut); the
  // chart grows with the lines it needs
  var labelWidth = box ? Math.max(84, Math.min(220, Math.floor(box.clientWidth / 3))) : 0;
  var perLine = Math.max(6, Math.floor(labelWidth / 12));  // 12-px characters
  if (areas && box) {
    var lines = areas.reduce(function (n, a) {
      return Math.max(n, Math.ceil(a.area.length / perLine));
    }, 1);
    box.style.height = Math.max(200, 70 + areas.length * Math.max(36, lines * 15 + 10)) + "px";
  }
  var c1 = areas && chart("area-chart");
  if (c1) {
    c1.setOption({
      tooltip: { trigger: "axis", valueFormatter: pct, confine: true },
      legend: { data: ["平均完成率", "序时进度"] },
      grid: { left: 8, right: 24, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: pct, hideOverlap: true } },
      yAxis: { type: "category", data: areas.map(function (a) { return wrap(a.area, perLine); }),
               inverse: true, axisLabel: { lineHeight: 15, interval: 0 } },
      series: [
        { name: "平均完成率", type: "bar", data: areas.map(function (a) { return a.completion; }) },
        { name: "序时进度", type: "scatter", symbol: "diamond", symbolSize: 12, data: areas.map(function (a) { return a.time; }) }
      ]
    });
    c1.on("click", function (p) { var a = areas[p.dataIndex]; if (a) location.href = a.href; });
  }

  // Target page: reported progress against the time-progress line
  var series = data("progress-data");
  var c2 = series && chart("progress-chart");
  if (c2) {
    c2.setOption({
      tooltip: { trigger: "axis" },
      legend: { data: ["累计完成", "序时进度线"] },
      grid: { left: 8, right: 24, bottom: 8, containLabel: true },
      xAxis: { type: "time", axisLabel: { hideOverlap: true } },
      yAxis: { type: "value", name: series.unit },
      series: [
        { name: "累计完成", type: "line", step: false, data: series.reported },
        { name: "序时进度线", type: "line", lineStyle: { type: "dashed" }, symbol: "none", data: series.expected }
      ]
    });
  }

  // Confirm buttons (replaces inline onclick handlers)
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (e) {
      if (!window.confirm(el.getAttribute("data-confirm"))) e.preventDefault();
    });
  });
})();
