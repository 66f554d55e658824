// The report form asks the register, while the unit types, what its figure would mean:
// lagging 序时进度 (then 滞后原因 and 整改措施 are asked for in place) or below the last
// cumulative figure (then a confirmation). The server checks the same again on submit, so
// without this script the form still works: a refusal comes back with everything typed.
(function () {
  "use strict";
  document.querySelectorAll("form[data-check]").forEach(function (form) {
    var message = form.querySelector("[data-check-message]");
    var confirmBox = form.querySelector("[data-confirm-lower]");
    var reason = form.elements.namedItem("reason");
    var action = form.elements.namedItem("action");
    var timer = null;
    var asked = 0;

    function show(text, kind) {
      message.textContent = text;
      message.className = "flash " + kind;
      message.hidden = !text;
    }

    function need(on) {
      [reason, action].forEach(function (el) {
        if (!el) return;
        el.required = on;
        el.setAttribute("aria-required", on ? "true" : "false");
        el.closest("label").classList.toggle("required", on);
      });
    }

    function check() {
      var params = new URLSearchParams();
      ["as_of", "value", "done"].forEach(function (name) {
        var el = form.elements.namedItem(name);
        if (el) params.set(name, el.value);
      });
      var ticket = ++asked;
      fetch(form.getAttribute("data-check") + "?" + params.toString(), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (r) { return r.ok ? r.json() : null; }).then(function (answer) {
        if (!answer || ticket !== asked) return;  // an older answer, or the page's error
        if (!answer.ok) {
          show(answer.message, "error");
          need(false);
          if (confirmBox) confirmBox.hidden = true;
          return;
        }
        var warn = answer.needs_reason || answer.confirm_lower;
        show(answer.message, warn ? "warn" : "ok");
        need(answer.needs_reason);
        if (confirmBox) confirmBox.hidden = !answer.confirm_lower;
      }).catch(function () { /* offline: the server checks on submit */ });
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(check, 300);
    }

    ["as_of", "value", "done"].forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (!el) return;
      el.addEventListener("input", later);
      el.addEventListener("change", later);
    });
    // typed before this script ran, or kept from a refused submission: ask now
    var value = form.elements.namedItem("value");
    if ((value && value.value) || form.elements.namedItem("done")) check();
  });
})();
