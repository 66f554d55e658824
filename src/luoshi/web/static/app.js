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
    var c = window.echarts.init(el);
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }
  window.luoshi = { data: data, chart: chart };  // for page scripts (mujun.js)
  var pct = function (v) { return v == null ? "—" : (v * 100).toFixed(1) + "%"; };

  // Dashboard: completion by area against 序时进度
  var areas = data("area-data");
  var c1 = areas && chart("area-chart");
  if (c1) {
    c1.setOption({
      tooltip: { trigger: "axis", valueFormatter: pct },
      legend: { data: ["平均完成率", "序时进度"] },
      grid: { left: 8, right: 16, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: pct } },
      yAxis: { type: "category", data: areas.map(function (a) { return a.short; }), inverse: true },
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
      grid: { left: 8, right: 16, bottom: 8, containLabel: true },
      xAxis: { type: "time" },
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
