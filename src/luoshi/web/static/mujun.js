// 亩均评价 charts (helpers from app.js); data from <script type="application/json"> blocks (the CSP forbids inline script).
(function () {
  "use strict";
  var data = window.luoshi.data, chart = window.luoshi.chart;  // app.js, loaded first
  var colours = { A: "#3A9D5D", B: "#2F6DB5", C: "#E8B422", D: "#C8322D", T: "#A6A6A6" };
  var d = data("mujun-data");
  var c1 = d && chart("mujun-class-chart");
  if (c1) {
    c1.setOption({
      tooltip: { trigger: "axis" }, legend: {},
      grid: { left: 8, right: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: "家" },
      yAxis: { type: "category", data: d.towns, inverse: true },
      series: Object.keys(colours).map(function (k) {
        return { name: k + "类", type: "bar", stack: "n", color: colours[k], data: d.classes[k] };
      })
    });
  }
  var c2 = d && chart("mujun-score-chart");
  if (c2) {
    c2.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: d.histogram.labels, name: "分" },
      yAxis: { type: "value", name: "家" },
      series: [{ name: "企业数", type: "bar", data: d.histogram.counts }]
    });
  }
  var h = data("mujun-history-data");
  var c3 = h && chart("mujun-history-chart");
  if (c3) {
    c3.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 16, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: h.years.map(String) },
      yAxis: { type: "value", name: "总分" },
      series: [{ name: "总分", type: "line", data: h.scores,
        label: { show: true, formatter: function (p) { return h.classes[p.dataIndex] + "类"; } } }]
    });
  }
})();
