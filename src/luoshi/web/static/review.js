// Plan review page: link the document's marks and the table's rows both ways, keep the
// count of accepted rows, and add a missing target by selecting its text in the document.
// Offsets are in code points (Python's str indices), never UTF-16 units: a character
// outside the BMP counts once, as it does on the server.
(function () {
  "use strict";
  var doc = document.getElementById("doc");
  var table = document.getElementById("rows");
  if (!doc || !table) return;
  var bar = document.getElementById("addbar");
  var barText = document.getElementById("add-text");
  var barMsg = document.getElementById("add-msg");
  var counter = document.getElementById("kept-count");
  var template = document.getElementById("row-template");
  var maxLen = parseInt(doc.getAttribute("data-max"), 10) || 200;
  var nextIdx = parseInt(table.getAttribute("data-next"), 10) || 0;
  var pending = null; // {start, end, text}

  function cp(s) { return Array.from(s).length; }

  // Code-point offset of a DOM position inside the document.
  function offsetOf(node, offset) {
    var r = document.createRange();
    r.setStart(doc, 0);
    r.setEnd(node, offset);
    return cp(r.toString());
  }

  // DOM position of a code-point offset: walk the text nodes.
  function positionOf(target) {
    var walker = document.createTreeWalker(doc, NodeFilter.SHOW_TEXT);
    var seen = 0, node, last = null;
    while ((node = walker.nextNode())) {
      var chars = Array.from(node.data);
      if (seen + chars.length >= target) {
        return { node: node, offset: chars.slice(0, target - seen).join("").length };
      }
      seen += chars.length;
      last = node;
    }
    return last ? { node: last, offset: last.data.length } : null;
  }

  function flash(el) {
    el.classList.remove("active");
    void el.offsetWidth; // restart the animation
    el.classList.add("active");
    setTimeout(function () { el.classList.remove("active"); }, 1600);
  }

  function markAt(start, end) {
    var m = doc.querySelector('mark[data-start="' + start + '"]');
    return m && m.getAttribute("data-end") === String(end) ? m : null;
  }

  // Show a row's source in the document: its mark, else select the text there.
  function showSource(start, end) {
    var m = markAt(start, end);
    if (m) {
      m.scrollIntoView({ block: "center", behavior: "smooth" });
      flash(m);
      return;
    }
    var a = positionOf(start), b = positionOf(end);
    if (!a || !b) return;
    var r = document.createRange();
    r.setStart(a.node, a.offset);
    r.setEnd(b.node, b.offset);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
    var box = a.node.parentNode;
    if (box && box.scrollIntoView) box.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  function showRow(id) {
    var row = document.getElementById(id);
    if (!row) return;
    row.scrollIntoView({ block: "center", behavior: "smooth" });
    flash(row);
  }

  function recount() {
    var n = 0;
    table.querySelectorAll("tr.review-row").forEach(function (tr) {
      var box = tr.querySelector("input.keep");
      var on = box && box.checked;
      tr.classList.toggle("rejected", !on);
      if (on) n += 1;
    });
    if (counter) counter.textContent = String(n);
  }

  // --- selection → "添加为指标" -----------------------------------------------------------

  function readSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return;
    var r = sel.getRangeAt(0);
    if (!doc.contains(r.startContainer) || !doc.contains(r.endContainer)) return;
    var text = r.toString();
    var lead = cp(text.match(/^\s*/)[0]);
    var trail = cp(text.match(/\s*$/)[0]);
    var start = offsetOf(r.startContainer, r.startOffset) + lead;
    var end = offsetOf(r.endContainer, r.endOffset) - trail;
    text = text.trim();
    if (end <= start || !text) return;
    pending = { start: start, end: end, text: text };
    barText.textContent = text.length > 60 ? text.slice(0, 60) + "…" : text;
    var tooLong = end - start > maxLen;
    barMsg.textContent = tooLong ? "选中的文字过长：最多 " + maxLen + " 字" : "";
    document.getElementById("add-btn").disabled = tooLong;
    bar.hidden = false;
  }

  // The first mark the span overlaps: its number, unit and comparator prefill the row.
  function markOver(start, end) {
    var marks = doc.querySelectorAll("mark[data-start]");
    for (var i = 0; i < marks.length; i++) {
      var s = +marks[i].getAttribute("data-start"), e = +marks[i].getAttribute("data-end");
      if (s < end && start < e) return marks[i];
    }
    return null;
  }

  // The row whose source comes last before ``start``: the new row goes after it, same area.
  function rowBefore(start) {
    var best = null;
    table.querySelectorAll("tr.review-row").forEach(function (tr) {
      var s = +tr.getAttribute("data-start");
      if (s <= start && (!best || s >= +best.getAttribute("data-start"))) best = tr;
    });
    return best;
  }

  function addRow() {
    if (!pending || pending.end - pending.start > maxLen) return;
    var p = pending, idx = nextIdx++;
    var tr = template.content.firstElementChild.cloneNode(true);
    tr.id = "r" + idx;
    tr.setAttribute("data-start", p.start);
    tr.setAttribute("data-end", p.end);
    tr.querySelectorAll("[data-f]").forEach(function (el) {
      el.name = el.getAttribute("data-f") + "." + idx;
    });
    var f = function (name) { return tr.querySelector('[data-f="' + name + '"]'); };
    f("start").value = p.start;
    f("end").value = p.end;
    var m = markOver(p.start, p.end);
    // a whole mark chosen (clicked): its indicator name; otherwise the words selected
    var whole = m && +m.getAttribute("data-start") === p.start && +m.getAttribute("data-end") === p.end;
    f("name").value = (whole && m.getAttribute("data-name")) || p.text;
    if (m) {
      f("value").value = m.getAttribute("data-value");
      f("unit").value = m.getAttribute("data-unit");
      f("cmp").value = m.getAttribute("data-cmp");
    }
    var src = tr.querySelector("button.src");
    src.textContent = p.text;
    src.setAttribute("data-start", p.start);
    src.setAttribute("data-end", p.end);
    // after the row read just before it, in its area; before the first row, in the first's
    var before = rowBefore(p.start);
    var first = table.querySelector("tr.review-row");
    var near = before || first;
    if (near) f("area").value = near.querySelector("input.area").value;
    if (before) {
      before.parentNode.insertBefore(tr, before.nextSibling);
    } else if (first) {
      first.parentNode.insertBefore(tr, first);
    } else {
      (table.querySelector("tbody") || table.appendChild(document.createElement("tbody"))).appendChild(tr);
    }
    pending = null;
    bar.hidden = true;
    window.getSelection().removeAllRanges();
    recount();
    tr.scrollIntoView({ block: "center", behavior: "smooth" });
    flash(tr);
    (m ? f("name") : f("value")).focus({ preventScroll: true });
  }

  // --- wiring ---------------------------------------------------------------------------

  doc.addEventListener("click", function (e) {
    var m = e.target.closest("mark");
    if (!m || !window.getSelection().isCollapsed) return;
    var row = m.getAttribute("data-row");
    if (row && document.getElementById(row)) {
      showRow(row);
      return;
    }
    // a mark not in the table: select it, which offers to add it
    var r = document.createRange();
    r.selectNodeContents(m);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
    readSelection();
  });
  var timer = null;
  document.addEventListener("selectionchange", function () {
    clearTimeout(timer);
    timer = setTimeout(readSelection, 120);
  });
  document.getElementById("add-btn").addEventListener("click", addRow);
  document.getElementById("add-cancel").addEventListener("click", function () {
    pending = null;
    bar.hidden = true;
  });
  table.addEventListener("click", function (e) {
    var b = e.target.closest("button.src");
    if (b) showSource(+b.getAttribute("data-start"), +b.getAttribute("data-end"));
  });
  table.addEventListener("change", function (e) {
    if (e.target.classList.contains("keep")) recount();
    // a suggestion the clerk chose something else over is shown struck through
    if (e.target.classList.contains("lead")) {
      var hint = e.target.closest(".lead-line").querySelector(".suggest");
      if (hint) hint.classList.toggle("overridden", e.target.value !== hint.getAttribute("data-unit"));
    }
  });
  recount();
})();
